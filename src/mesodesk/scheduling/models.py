from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from mesodesk.accounts.models import Clinic
from mesodesk.courses.models import Course, CourseSession
from mesodesk.patients.models import Patient


class Room(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(_("name"), max_length=60)

    objects: ClassVar[models.Manager[Room]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self) -> str:
        return self.name


class AppointmentKind(models.TextChoices):
    MESOTHERAPY = "mesotherapy", _("Mesotherapy")
    IONTOPHORESIS = "iontophoresis", _("Iontophoresis")
    ULTRASONOLYSIS = "ultrasonolysis", _("Ultrasonolysis")
    ELECTROSTIMULATION = "electrostimulation", _("Electrostimulation")


class Appointment(models.Model):
    """A booked slot. A clinician or a room never holds two overlapping booked appointments:
    PostgreSQL enforces it with exclusion constraints (migration 0002); on SQLite the booking
    service checks under the database's write lock."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("patient")
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("clinician"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("room"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AppointmentKind.choices, default=AppointmentKind.MESOTHERAPY
    )
    course_session = models.ForeignKey(
        CourseSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("course session"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Stored as the gates wrote them (codes, English, params); pages translate (scheduling.gates).
    gates = models.JSONField(_("clinical gates"), default=list, blank=True)
    # When the gates were last run: at booking, at a move, or again after the patient's
    # history, an acknowledgement or a review changed (scheduling.receivers).
    gates_checked_at = models.DateTimeField(_("gates checked at"), null=True, blank=True)
    created_by = models.CharField(_("created by"), max_length=150)
    # Set once, when the session begins after the gates passed again (services_start); the
    # session's record (charting) opens from a started appointment.
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    started_by = models.CharField(_("started by"), max_length=150, blank=True)

    objects: ClassVar[models.Manager[Appointment]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering: ClassVar = ["start", "id"]
        indexes: ClassVar = [models.Index(fields=["clinic", "start"], name="appointment_clinic_start")]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="appointment_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AppointmentKind.values), name="appointment_kind_known"
            ),
            # A course session holds at most one live appointment, however many race to book it.
            models.UniqueConstraint(
                fields=["course_session"],
                condition=models.Q(cancelled_at__isnull=True, course_session__isnull=False),
                name="appointment_one_live_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.start:%Y-%m-%d %H:%M} ({self.patient_id})"

    @property
    def blocked(self) -> bool:
        """A gate blocks this appointment as it stands (re-checked when the history changes)."""
        return any(g.get("level") == "blocked" for g in self.gates or ())


class CalendarFeed(models.Model):
    """A clinician's private iCalendar feed; the URL's secret is shown once, only its hash is kept."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"Feed of {self.clinician_id}"


class Reminder(models.Model):
    """What was sent to whom, for the record (the task queue keeps its own rows)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="reminders")
    # A stored code and an outcome for the record, never shown translated: "appointment" or "recall".
    kind = models.CharField(max_length=20)
    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    # A recall's course: its maintenance interval gives the patient the dates to book within.
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("course")
    )
    due_at = models.DateTimeField(_("due at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)

    objects: ClassVar[models.Manager[Reminder]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.patient_id}"


def default_working_days() -> str:
    return "123456"


class ClinicHours(models.Model):
    """When a clinic works: the calendar's grid shows these hours and these days (ISO weekdays,
    1 is Monday, as digits: "123456" is Monday to Saturday). A clinic without a row works the
    defaults, 08:00 to 19:00, Monday to Saturday."""

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="+")
    opens = models.TimeField(_("opens at"), default=datetime.time(8, 0))
    closes = models.TimeField(_("closes at"), default=datetime.time(19, 0))
    days = models.CharField(_("working days"), max_length=7, default=default_working_days)

    objects: ClassVar[models.Manager[ClinicHours]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="hours_close_after_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.opens:%H:%M}-{self.closes:%H:%M} {self.days}"

    def weekdays(self) -> list[int]:
        """The working days, ISO numbers (1 Monday ... 7 Sunday)."""
        return sorted({int(d) for d in self.days if d in "1234567"})
