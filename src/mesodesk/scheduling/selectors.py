"""Reads of appointments and rooms, in the request's clinic scope (or, for a feed, in the
scope the feed's own clinic opens)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from mesodesk.accounts.models import Actor, Clinic
from mesodesk.courses.models import CourseSession
from mesodesk.scheduling.models import Appointment, ClinicHours, Room


def appointments_between(
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    clinician_id: int | None = None,
    room_id: int | None = None,
    cancelled_too: bool = False,
) -> QuerySet[Appointment]:
    """Appointments starting in [start, end), live ones unless `cancelled_too`, for one
    clinician or one room if given."""
    found = Appointment.objects.select_related("patient", "room", "clinician", "course_session").filter(
        start__gte=start, start__lt=end
    )
    if not cancelled_too:
        found = found.filter(cancelled_at__isnull=True)
    if clinician_id is not None:
        found = found.filter(clinician_id=clinician_id)
    if room_id is not None:
        found = found.filter(room_id=room_id)
    return found.order_by("start", "id")


def appointment_get(appointment_id: int, *, live: bool = True) -> Appointment:
    """The appointment, or 404 (a cancelled one too, when `live`)."""
    found = Appointment.objects.select_related("patient", "room", "clinician")
    if live:
        found = found.filter(cancelled_at__isnull=True)
    return get_object_or_404(found, pk=appointment_id)


def feed_appointments(clinician: Actor, since: datetime.datetime) -> QuerySet[Appointment]:
    return Appointment.objects.select_related("patient", "room").filter(clinician=clinician, start__gte=since)


def rooms() -> QuerySet[Room]:
    return Room.objects.all()


def course_session_to_book(session_id: int) -> CourseSession:
    return get_object_or_404(CourseSession.objects.select_related("course__patient", "course"), pk=session_id)


def clinic_hours(clinic: Clinic) -> ClinicHours:
    """The clinic's working hours as saved, else the defaults (an unsaved row: nothing is written)."""
    return ClinicHours.objects.filter(clinic=clinic).first() or ClinicHours(clinic=clinic)
