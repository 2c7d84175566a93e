from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from mesodesk.accounts.models import Clinic
from mesodesk.patients.models import Patient, ScreeningSnapshot


class ClinicProtocol(models.Model):
    """A clinic's own schedule, in the knowledge base's protocol shape, with where it comes from."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="protocols")
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    indications = models.JSONField(_("indications"), default=list)
    sessions = models.PositiveSmallIntegerField(_("number of sessions"))
    phases = models.JSONField(_("intervals"))
    maintenance = models.JSONField(_("maintenance"), null=True, blank=True)
    source_note = models.CharField(_("Where this protocol comes from"), max_length=500)

    objects: ClassVar[models.Manager[ClinicProtocol]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("clinic protocol")
        verbose_name_plural = _("clinic protocols")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["clinic", "code"], name="clinic_protocol_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="courses", verbose_name=_("patient")
    )
    # Codes of the knowledge base, shown by their label in the reader's language.
    indication = models.CharField(_("indication"), max_length=60)
    protocol_code = models.CharField(_("protocol"), max_length=60)
    # As created, in English: a clinic's own protocol has only this name.
    protocol_name = models.CharField(_("protocol name"), max_length=120)
    protocol_sources = models.JSONField(_("protocol sources"), default=list, blank=True)
    maintenance = models.JSONField(_("maintenance"), null=True, blank=True)
    formulation = models.CharField(_("formulation"), max_length=60, blank=True)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("clinician"),
    )
    screening = models.ForeignKey(
        ScreeningSnapshot, on_delete=models.PROTECT, related_name="courses", verbose_name=_("screening")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects: ClassVar[models.Manager[Course]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return f"{self.protocol_name} for {self.patient_id}"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    BOOKED = "booked", _("Booked")
    DONE = "done", _("Done")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


class CourseSession(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("course")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    due = models.DateField(_("due"))
    earliest = models.DateField(_("earliest"))
    latest = models.DateField(_("latest"))
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )

    objects: ClassVar[models.Manager[CourseSession]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")
        ordering: ClassVar = ["course_id", "number"]
        # The sessions due to book (desk.selectors.sessions_due, the dashboard's counts): the
        # planned sessions whose window has opened, without scanning the clinic's courses.
        indexes: ClassVar = [
            models.Index(fields=["clinic", "status", "earliest"], name="session_clinic_status_earliest")
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["course", "number"], name="course_session_number_unique"),
            models.CheckConstraint(
                condition=models.Q(earliest__lte=models.F("due"), due__lte=models.F("latest")),
                name="session_due_in_window",
            ),
        ]

    def __str__(self) -> str:
        return f"Session {self.number} of course {self.course_id}"

    def _bruising_event(self) -> Any:
        """The session's bruising adverse event, if any: kept by the safety app (above this
        floor), so read by relation, never imported. Prefetch `adverse_events` on lists."""
        events: Any = getattr(self, "adverse_events", None)
        if events is None or self.pk is None:
            return None
        return next((e for e in events.all() if e.kind == "bruising"), None)

    @property
    def bruising(self) -> bool:
        return self._bruising_event() is not None

    @property
    def bruising_resolved_on(self) -> datetime.date | None:
        event = self._bruising_event()
        return None if event is None else event.resolved_on

    @property
    def bruising_unresolved(self) -> bool:
        event = self._bruising_event()
        return event is not None and event.resolved_on is None


class PriceList(models.Model):
    """The clinic's prices: per session, and optionally a package of N sessions."""

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="price_list")
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    per_session = models.DecimalField(
        _("price per session"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    package_sessions = models.PositiveSmallIntegerField(
        _("sessions in a package"), null=True, blank=True, validators=[MinValueValidator(2)]
    )
    package_price = models.DecimalField(
        _("price of a package"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        constraints: ClassVar = [
            # The field validators say it beside the field; these messages are the database's
            # last word, in the reader's language rather than the constraint's name.
            models.CheckConstraint(
                condition=models.Q(per_session__gte=0),
                name="price_per_session_not_negative",
                violation_error_message=_("The price per session cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(package_sessions__isnull=True, package_price__isnull=True)
                | models.Q(
                    package_sessions__isnull=False,
                    package_price__isnull=False,
                    package_sessions__gte=2,
                    package_price__gte=0,
                ),
                name="price_package_complete",
                violation_error_message=_(
                    "A package needs both its number of sessions (at least 2) and its price, or neither."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Prices of {self.clinic_id}"
