"""Outcome responses, a clinic's own instruments and schedules, and the patient's link.

`OutcomeResponse` is the row the network registry reads: its field names are a contract
(shared/spec: outcomes ↔ registry); add fields, never rename these.
Every row carries its clinic (scoped managers: another clinic's rows do not exist)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_scopes import ScopedManager

from mesodesk.accounts.models import Clinic
from mesodesk.courses.models import Course, CourseSession
from mesodesk.patients.models import OneUseLink, Patient


class Timepoint(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    SESSION_4 = "session_4", _("After session 4")
    END = "end", _("End of course")
    MONTH_3 = "month_3", _("3 months after")
    MONTH_6 = "month_6", _("6 months after")
    OTHER = "other", pgettext_lazy("outcome timepoint", "Other")


class Rater(models.TextChoices):
    PATIENT = "patient", _("Patient")
    CLINICIAN = "clinician", _("Clinician")


class InstrumentKind(models.TextChoices):
    NUMERIC = "numeric", _("Numeric")
    CATEGORICAL = "categorical", _("Categorical")


class OutcomeResponse(models.Model):
    """One instrument answered once, at one timepoint of a course, scored when recorded."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="outcome_responses", verbose_name=_("patient")
    )
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, null=True, blank=True, related_name="outcome_responses"
    )
    session = models.ForeignKey(
        CourseSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="outcome_responses"
    )
    instrument = models.CharField(_("instrument"), max_length=60)
    timepoint = models.CharField(_("timepoint"), max_length=20, choices=Timepoint.choices)
    rater = models.CharField(_("rated by"), max_length=10, choices=Rater.choices)
    answers = models.JSONField(_("answers"))
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    category = models.CharField(_("result"), max_length=40, blank=True)
    answered_on = models.DateField(_("answered on"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.CharField(max_length=150)

    objects: ClassVar[models.Manager[OutcomeResponse]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("outcome response")
        verbose_name_plural = _("outcome responses")
        ordering: ClassVar = ["-answered_on", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["clinic", "instrument", "timepoint"], name="outcome_clinic_instrument"),
            models.Index(fields=["course", "instrument", "timepoint"], name="outcome_course_instrument"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} ({self.timepoint}) of {self.patient_id}"


class ClinicInstrument(models.Model):
    """A clinic's own instrument: numeric with a range, or categorical with its choices."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("code"), max_length=60)
    name_en = models.CharField(_("name in English"), max_length=120)
    name_fr = models.CharField(_("name in French"), max_length=120)
    name_de = models.CharField(_("name in German"), max_length=120)
    rater = models.CharField(_("rated by"), max_length=10, choices=Rater.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=InstrumentKind.choices)
    minimum = models.DecimalField(_("minimum"), max_digits=7, decimal_places=2, null=True, blank=True)
    maximum = models.DecimalField(_("maximum"), max_digits=7, decimal_places=2, null=True, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimal places"), default=0)
    # [{"code": "…", "en": "…", "fr": "…", "de": "…"}, …] in order.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # Categorical only: the choices' order means something ("lower": the first is best).
    ordered = models.BooleanField(_("ordered"), default=False)
    better = models.CharField(_("better is"), max_length=6, blank=True, default="")
    created_by = models.CharField(max_length=150)
    # Retired: answers stay readable, nothing new is asked (an instrument with answers is never deleted).
    retired_at = models.DateTimeField(_("retired on"), null=True, blank=True)

    objects: ClassVar[models.Manager[ClinicInstrument]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("clinic instrument")
        verbose_name_plural = _("clinic instruments")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["clinic", "code"], name="clinic_instrument_code_unique"),
            models.CheckConstraint(
                condition=~models.Q(kind="numeric")
                | models.Q(minimum__isnull=False, maximum__isnull=False, minimum__lt=models.F("maximum")),
                name="clinic_instrument_numeric_range",
                violation_error_message=_("A numeric instrument needs a minimum below its maximum."),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class OutcomeSchedule(models.Model):
    """A clinic's schedule for one protocol, replacing the indication's default:
    `items` is [{"instrument": code, "timepoints": [timepoint, …]}, …]."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    protocol_code = models.CharField(_("protocol"), max_length=60)
    items = models.JSONField(_("instruments and timepoints"))
    updated_by = models.CharField(max_length=150)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager[OutcomeSchedule]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("outcome schedule")
        verbose_name_plural = _("outcome schedules")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["clinic", "protocol_code"], name="outcome_schedule_once")
        ]

    def __str__(self) -> str:
        return f"Outcome schedule of {self.protocol_code}"


class OutcomeLink(OneUseLink):
    """A link the patient opens without signing in to answer the patient-rated instruments
    due at one timepoint of a course."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="outcome_links")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="outcome_links")
    timepoint = models.CharField(max_length=20, choices=Timepoint.choices)
    instruments = models.JSONField()

    objects: ClassVar[models.Manager[OutcomeLink]] = ScopedManager(clinic="clinic")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["course", "timepoint"], name="outcome_link_once_per_timepoint")
        ]

    def __str__(self) -> str:
        return f"Outcome link for {self.patient_id} ({self.timepoint})"
