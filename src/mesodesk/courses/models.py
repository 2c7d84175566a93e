from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from mesodesk.accounts.models import Clinic
from mesodesk.patients.models import Patient, ScreeningSnapshot


class ClinicProtocol(models.Model):
    """A clinic's own schedule, in the knowledge base's protocol shape, with where it comes from."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="protocols")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    indications = models.JSONField(default=list)
    sessions = models.PositiveSmallIntegerField()
    phases = models.JSONField()
    maintenance = models.JSONField(null=True, blank=True)
    source_note = models.CharField("Where this protocol comes from", max_length=500)

    objects: ClassVar[models.Manager[ClinicProtocol]] = ScopedManager(clinic="clinic")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["clinic", "code"], name="clinic_protocol_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="courses")
    indication = models.CharField(max_length=60)
    protocol_code = models.CharField(max_length=60)
    protocol_name = models.CharField(max_length=120)
    protocol_sources = models.JSONField(default=list)
    maintenance = models.JSONField(null=True, blank=True)
    formulation = models.CharField(max_length=60, blank=True)
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="courses")
    screening = models.ForeignKey(ScreeningSnapshot, on_delete=models.PROTECT, related_name="courses")
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[Course]] = ScopedManager(clinic="clinic")

    def __str__(self) -> str:
        return f"{self.protocol_name} for {self.patient_id}"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    BOOKED = "booked", "Booked"
    DONE = "done", "Done"
    MISSED = "missed", "Missed"
    CANCELLED = "cancelled", "Cancelled"


class CourseSession(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    due = models.DateField()
    earliest = models.DateField()
    latest = models.DateField()
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    bruising = models.BooleanField(default=False)
    bruising_resolved_on = models.DateField(null=True, blank=True)

    objects: ClassVar[models.Manager[CourseSession]] = ScopedManager(clinic="clinic")

    class Meta:
        ordering: ClassVar = ["course_id", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["course", "number"], name="course_session_number_unique"),
            models.CheckConstraint(
                condition=models.Q(earliest__lte=models.F("due"), due__lte=models.F("latest")),
                name="session_due_in_window",
            ),
        ]

    def __str__(self) -> str:
        return f"Session {self.number} of course {self.course_id}"

    @property
    def bruising_unresolved(self) -> bool:
        return self.bruising and self.bruising_resolved_on is None


class PriceList(models.Model):
    """The clinic's prices: per session, and optionally a package of N sessions."""

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="price_list")
    currency = models.CharField(max_length=3, default="EUR")
    per_session = models.DecimalField(max_digits=8, decimal_places=2)
    package_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    package_price = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(per_session__gte=0), name="price_per_session_not_negative"
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
            ),
        ]

    def __str__(self) -> str:
        return f"Prices of {self.clinic_id}"
