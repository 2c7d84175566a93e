"""Reads of appointments and rooms, in the request's clinic scope (or, for a feed, in the
scope the feed's own clinic opens)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
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


# What the calendar's events feed shows of an appointment, and nothing more: a week is some 300
# rows, and five whole model instances per row (the appointment, its patient, clinician, room
# and session) were most of the feed's processor time (docs/performance.md, CPU per request).
EVENT_COLUMNS = (
    "pk", "start", "end", "kind", "gates", "patient_id", "patient__pseudonym", "patient__given_name",
    "patient__family_name", "clinician__first_name", "clinician__last_name", "clinician__username",
    "room__name", "course_session__number",
)  # fmt: skip


def event_rows(
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    clinician_id: int | None = None,
    room_id: int | None = None,
) -> list[dict[str, Any]]:
    """The live appointments starting in [start, end) as the events feed shows them: only
    EVENT_COLUMNS, in one query, ordered as appointments_between."""
    found = appointments_between(start, end, clinician_id=clinician_id, room_id=room_id)
    return list(found.select_related(None).values(*EVENT_COLUMNS))


def event_row(appointment: Appointment) -> dict[str, Any]:
    """The same row for one appointment already loaded (a move's answer)."""
    session = appointment.course_session
    return {
        "pk": appointment.pk,
        "start": appointment.start,
        "end": appointment.end,
        "kind": appointment.kind,
        "gates": appointment.gates,
        "patient_id": appointment.patient_id,
        "patient__pseudonym": appointment.patient.pseudonym,
        "patient__given_name": appointment.patient.given_name,
        "patient__family_name": appointment.patient.family_name,
        "clinician__first_name": appointment.clinician.first_name,
        "clinician__last_name": appointment.clinician.last_name,
        "clinician__username": appointment.clinician.get_username(),
        "room__name": appointment.room.name if appointment.room else None,
        "course_session__number": session.number if session is not None else None,
    }


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


# What the calendar page's list shows of an appointment (and its start button reads), nothing
# more: the patient's, clinician's and session's other columns are not read for it.
AGENDA_FIELDS = (
    "start", "end", "kind", "gates", "started_at", "patient__pseudonym", "patient__given_name",
    "patient__family_name", "room__name",
    "clinician__username", "clinician__first_name", "clinician__last_name", "course_session__number",
)  # fmt: skip


def agenda_appointments(
    start: datetime.datetime, end: datetime.datetime, *, clinician_id: int | None, room_id: int | None
) -> QuerySet[Appointment]:
    """The live appointments starting in [start, end) as the calendar page's list shows them."""
    found = appointments_between(start, end, clinician_id=clinician_id, room_id=room_id)
    return found.only(*AGENDA_FIELDS)


def live_appointment_start(appointment_id: int) -> datetime.datetime | None:
    """When this live appointment of the clinic in scope starts; None for a cancelled one, one
    of another clinic or none (the same answer: nothing tells them apart)."""
    found = Appointment.objects.filter(pk=appointment_id, cancelled_at__isnull=True)
    return found.values_list("start", flat=True).first()


def booked_just_before(found: QuerySet[Appointment], first: Appointment) -> datetime.datetime | None:
    """When the appointment of `found` sorting just before `first` (by start, then id) starts,
    or None when `first` is the first: a page of the list that starts mid-day says its day is
    continued, and a page that starts at the first appointment is the first page."""
    earlier = Q(start__lt=first.start) | Q(start=first.start, pk__lt=first.pk)
    return found.filter(earlier).order_by("-start", "-id").values_list("start", flat=True).first()


def staff_name(first_name: str, last_name: str, username: str) -> str:
    """As the user's get_full_name() or get_username(), from a row's columns (no model read)."""
    return f"{first_name} {last_name}".strip() or username
