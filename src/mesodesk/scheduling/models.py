from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from mesodesk.accounts.models import Clinic
from mesodesk.courses.models import CourseSession
from mesodesk.patients.models import Patient


class Room(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=60)

    objects: ClassVar[models.Manager[Room]] = ScopedManager(clinic="clinic")

    def __str__(self) -> str:
        return self.name


class AppointmentKind(models.TextChoices):
    MESOTHERAPY = "mesotherapy", "Mesotherapy"
    IONTOPHORESIS = "iontophoresis", "Iontophoresis"
    ULTRASONOLYSIS = "ultrasonolysis", "Ultrasonolysis"
    ELECTROSTIMULATION = "electrostimulation", "Electrostimulation"


class Appointment(models.Model):
    """A booked slot. A clinician or a room never holds two overlapping booked appointments:
    PostgreSQL enforces it with exclusion constraints (migration 0002); on SQLite the booking
    service checks under the database's write lock."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="appointments")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    kind = models.CharField(
        max_length=20, choices=AppointmentKind.choices, default=AppointmentKind.MESOTHERAPY
    )
    course_session = models.ForeignKey(
        CourseSession, on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    gates = models.JSONField(default=list, blank=True)
    created_by = models.CharField(max_length=150)

    objects: ClassVar[models.Manager[Appointment]] = ScopedManager(clinic="clinic")

    class Meta:
        ordering: ClassVar = ["start", "id"]
        indexes: ClassVar = [models.Index(fields=["clinic", "start"], name="appointment_clinic_start")]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="appointment_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AppointmentKind.values), name="appointment_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.start:%Y-%m-%d %H:%M} ({self.patient_id})"


class CalendarFeed(models.Model):
    """A clinician's private iCalendar feed; the URL's secret is shown once, only its hash is kept."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Feed of {self.clinician_id}"


class Reminder(models.Model):
    """What was sent to whom, for the record (the task queue keeps its own rows)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)  # "appointment" or "recall"
    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)

    objects: ClassVar[models.Manager[Reminder]] = ScopedManager(clinic="clinic")

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.patient_id}"
