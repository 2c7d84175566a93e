"""Adverse events after a session, the patient's follow-up link, and the signals raised.

Every row carries its clinic (scoped managers: another clinic's rows do not exist)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_scopes import ScopedManager

from mesodesk.accounts.models import Clinic
from mesodesk.courses.models import CourseSession
from mesodesk.inventory.models import Lot
from mesodesk.patients.models import OneUseLink, Patient

OTHER = "other"
BRUISING = "bruising"
INFECTION = "infection"


class Severity(models.TextChoices):
    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")


class Outcome(models.TextChoices):
    ONGOING = "ongoing", _("Not yet resolved")
    RESOLVED = "resolved", _("Resolved")
    SEQUELAE = "sequelae", _("Resolved with lasting effects")
    UNKNOWN = "unknown", pgettext_lazy("outcome of an adverse event", "Unknown")


RESOLVED_OUTCOMES = (Outcome.RESOLVED, Outcome.SEQUELAE)


class AdverseEvent(models.Model):
    """Something that went wrong after a session. `kind` is a side effect's code from the
    knowledge base, or "other" with a description (safety.kinds)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="adverse_events", verbose_name=_("patient")
    )
    session = models.ForeignKey(
        CourseSession, on_delete=models.CASCADE, related_name="adverse_events", verbose_name=_("session")
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("clinician"),
    )
    # The lots injected at the session, chosen from the clinic's (charting will fill them in).
    lots = models.ManyToManyField(Lot, blank=True, related_name="adverse_events", verbose_name=_("lots"))
    kind = models.CharField(_("type"), max_length=40)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    onset = models.DateField(_("onset"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MILD)
    serious = models.BooleanField(_("serious"), default=False)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.ONGOING)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    reported_by_patient = models.BooleanField(_("reported by the patient"), default=False)
    reported_by = models.CharField(max_length=150, blank=True)
    reported_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.CharField(max_length=150, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[AdverseEvent]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("adverse event")
        verbose_name_plural = _("adverse events")
        ordering: ClassVar = ["-onset", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["clinic", "kind", "onset"], name="adverse_event_clinic_kind")
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(resolved_on__isnull=True) | models.Q(resolved_on__gte=models.F("onset")),
                name="adverse_event_resolves_after_onset",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=OTHER) | ~models.Q(description=""),
                name="adverse_event_other_is_described",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.patient_id} on {self.onset}"

    @property
    def resolved(self) -> bool:
        return self.resolved_on is not None


class FollowUpLink(OneUseLink):
    """A link the patient opens without signing in to report what happened after a session."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="follow_up_links")
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="follow_up_links")

    objects: ClassVar[models.Manager[FollowUpLink]] = ScopedManager(clinic="clinic")

    def __str__(self) -> str:
        return f"Follow-up link for {self.patient_id}"


class SafetySignal(models.Model):
    """A cluster the rule (clinic.safety_signal) found in one clinic; raised once, then kept
    up to date as reports join it. `identity` is the rule's when it was first raised (its key
    and first report); a later report joins by key and shared reports (safety.signals)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    identity = models.CharField(max_length=200)
    dimension = models.CharField(max_length=20)
    key = models.CharField(max_length=150)
    events = models.ManyToManyField(AdverseEvent, related_name="signals")
    first_onset = models.DateField()
    last_onset = models.DateField()
    raised_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[SafetySignal]] = ScopedManager(clinic="clinic")

    class Meta:
        ordering: ClassVar = ["-last_onset", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["clinic", "identity"], name="safety_signal_once_per_clinic")
        ]

    def __str__(self) -> str:
        return self.identity
