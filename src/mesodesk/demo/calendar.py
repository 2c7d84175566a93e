"""A full calendar for this week and the next: every working day, 09:00 to 18:00, each
clinician in their own room. Sessions whose window is open are booked first; the other
slots take device treatments and single mesotherapy visits. Every booking goes through
`scheduling.services.appointment_book`, so the clinical gates apply: a slot it refuses
(a device treatment too soon after a session, a blocked screening) stays free."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils import timezone

from mesodesk.accounts.models import Actor
from mesodesk.courses.models import CourseSession, SessionStatus
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Appointment, AppointmentKind, Room
from mesodesk.scheduling.services import BookingBlocked, SlotTaken, appointment_book

SLOT = datetime.timedelta(minutes=45)
FIRST, LAST = datetime.time(9), datetime.time(18)
FILLED = 0.8  # share of slots taken: a busy practice, with room for a walk-in
UNCALLED = 0.2
DEVICE_KINDS = (
    AppointmentKind.IONTOPHORESIS,
    AppointmentKind.ULTRASONOLYSIS,
    AppointmentKind.ELECTROSTIMULATION,
)


def working_days(today: datetime.date) -> list[datetime.date]:
    """Monday to Friday of this week and the next."""
    monday = today - datetime.timedelta(days=today.weekday())
    return [monday + datetime.timedelta(days=week * 7 + d) for week in (0, 1) for d in range(5)]


def slots(day: datetime.date) -> list[datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, FIRST))
    end = timezone.make_aware(datetime.datetime.combine(day, LAST))
    found = []
    while start + SLOT <= end:
        found.append(start)
        start += SLOT
    return found


def calendar_is_filled(today: datetime.date) -> bool:
    days = working_days(today)
    return Appointment.objects.filter(
        cancelled_at__isnull=True,
        start__gte=slots(days[0])[0],
        start__lt=slots(days[-1])[-1] + SLOT,
    ).exists()


def _session_for(waiting: list[CourseSession], clinician: Actor, day: datetime.date) -> CourseSession | None:
    for session in waiting:
        if session.course.clinician_id == clinician.pk and session.earliest <= day <= session.latest:
            waiting.remove(session)
            return session
    return None


def calendar_fill(
    *,
    rng: random.Random,
    clinicians: Sequence[Actor],
    patients: Sequence[Patient],
    today: datetime.date,
) -> int:
    """Book the two weeks; returns how many appointments were made."""
    rooms = list(Room.objects.order_by("name"))
    waiting = list(
        CourseSession.objects.select_related("course__patient")
        .filter(status=SessionStatus.PLANNED, latest__gte=today)
        .order_by("latest", "course_id", "number")
    )
    # One patient in five has not called yet: their session stays on the dashboard, to book.
    waiting = [s for s in waiting if rng.random() > UNCALLED]
    booked = 0
    for day in working_days(today):
        for index, clinician in enumerate(clinicians):
            room = rooms[index % len(rooms)] if rooms else None
            for start in slots(day):
                if rng.random() > FILLED:
                    continue
                session = _session_for(waiting, clinician, day) if day >= today else None
                if session is not None:
                    patient, kind, length = session.course.patient, AppointmentKind.MESOTHERAPY, SLOT
                else:
                    patient = rng.choice(patients)
                    kind = rng.choice((AppointmentKind.MESOTHERAPY, *DEVICE_KINDS))
                    length = datetime.timedelta(minutes=30)
                try:
                    appointment_book(
                        patient=patient, clinician=clinician, start=start, end=start + length,
                        actor=clinician, kind=kind, room=room, course_session=session,
                    )  # fmt: skip
                except (BookingBlocked, SlotTaken, ValidationError):
                    continue  # the gates (or the calendar) refuse this one: the slot stays free
                booked += 1
    return booked
