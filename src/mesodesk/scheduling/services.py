"""Booking, moving and cancelling appointments, behind the clinical gates.

No double booking: on PostgreSQL exclusion constraints refuse an overlapping row, so
two racing bookings cannot both land; on SQLite every transaction begins IMMEDIATE
(settings), holding the database's write lock before it checks for an overlap."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.accounts.selectors import clinicians_of
from mesodesk.clinic.scheduling import MESOTHERAPY, Booking, GateFinding, check_booking
from mesodesk.courses.models import CourseSession, SessionStatus
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.consent import consent_in_force
from mesodesk.patients.models import Patient
from mesodesk.patients.screening import patient_screening
from mesodesk.patients.selectors import history_get
from mesodesk.scheduling.models import Appointment, AppointmentKind, Reminder, Room
from mesodesk.scheduling.reminders import reminder_schedule

GATE_REACH = datetime.timedelta(hours=96)  # wider than the 72-hour rule, to find every neighbour
# Far-off years are typing mistakes, and near year 9999 date arithmetic overflows.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2200


class SlotTaken(Exception):
    """The clinician or the room already holds an appointment at that time."""


class BookingBlocked(Exception):
    def __init__(self, findings: list[GateFinding]) -> None:
        super().__init__("; ".join(f.message for f in findings if f.level == "blocked"))
        self.findings = findings


def booking_gates(
    *,
    patient: Patient,
    kind: str,
    start: datetime.datetime,
    end: datetime.datetime,
    course_session: CourseSession | None,
    ignore: Appointment | None = None,
) -> list[GateFinding]:
    kb = load_knowledge()
    window = sources = None
    bruising = screening_blocked = False
    consent = True
    if course_session is not None:
        course = course_session.course
        window = (course_session.earliest, course_session.latest)
        sources = tuple(s for s in course.protocol_sources if not s.startswith("clinic:"))
        previous = course.sessions.filter(number__lt=course_session.number).order_by("-number").first()
        bruising = previous is not None and previous.bruising_unresolved
        screening_blocked = patient_screening(
            patient=patient, indication=course.indication, formulation=course.formulation
        ).blocked
        consent = consent_in_force(patient=patient, indication=course.indication) is not None
    neighbours = Appointment.objects.filter(
        patient=patient, cancelled_at__isnull=True, start__lt=end + GATE_REACH, end__gt=start - GATE_REACH
    )
    if ignore is not None:
        neighbours = neighbours.exclude(pk=ignore.pk)
    booking = Booking(
        kind=kind,
        start=start,
        end=end,
        window=window,
        window_sources=sources or (),
        bruising_unresolved=bruising,
        antiplatelet_drugs=tuple(m for m in history_get(patient).medications if m in kb.washout_medications),
        other_appointments=tuple((a.kind, a.start, a.end) for a in neighbours),
        screening_blocked=screening_blocked,
        consent_in_force=consent,
    )
    return check_booking(booking, kb)


def _validate(
    *,
    patient: Patient,
    clinician: Actor,
    kind: str,
    start: datetime.datetime,
    end: datetime.datetime,
    room: Room | None,
) -> None:
    if kind not in AppointmentKind.values:
        raise ValidationError({"kind": gettext("Unknown kind of appointment.")})
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ValidationError({"start": gettext("Give a time zone.")})
    if not EARLIEST_YEAR <= start.year <= LATEST_YEAR:
        raise ValidationError(
            {
                "start": gettext("Book between %(earliest)d and %(latest)d.")
                % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
            }
        )
    if end <= start:
        raise ValidationError({"end": gettext("The appointment must end after it starts.")})
    if end - start > datetime.timedelta(hours=4):
        raise ValidationError({"end": gettext("An appointment lasts at most 4 hours.")})
    if not clinicians_of(patient.clinic).filter(pk=clinician.pk).exists():
        raise ValidationError({"clinician": gettext("Choose a clinician of this clinic.")})
    if room is not None and room.clinic_id != patient.clinic_id:
        raise ValidationError({"room": gettext("Choose a room of this clinic.")})


def _overlap(
    *,
    clinician: Actor,
    room: Room | None,
    start: datetime.datetime,
    end: datetime.datetime,
    ignore: int | None,
) -> bool:
    who = Q(clinician=clinician) | (Q(room=room) if room is not None else Q(pk__in=[]))
    taken = Appointment.objects.filter(who, cancelled_at__isnull=True, start__lt=end, end__gt=start)
    if ignore is not None:
        taken = taken.exclude(pk=ignore)
    return taken.exists()


def _gates_passed(
    *,
    patient: Patient,
    clinician: Actor,
    kind: str,
    start: datetime.datetime,
    end: datetime.datetime,
    room: Room | None,
    course_session: CourseSession | None,
    ignore: Appointment | None = None,
) -> list[GateFinding]:
    """Validate the slot and run the gates; a blocked gate refuses, the rest are returned."""
    _validate(patient=patient, clinician=clinician, kind=kind, start=start, end=end, room=room)
    if course_session is not None and (course_session.course.patient_id != patient.pk or kind != MESOTHERAPY):
        raise ValidationError({"course_session": gettext("That session belongs to another patient or kind.")})
    findings = booking_gates(
        patient=patient, kind=kind, start=start, end=end, course_session=course_session, ignore=ignore
    )
    if any(f.level == "blocked" for f in findings):
        raise BookingBlocked(findings)
    return findings


@contextmanager
def _slot_held(
    *,
    clinician: Actor,
    room: Room | None,
    start: datetime.datetime,
    end: datetime.datetime,
    ignore: int | None,
) -> Iterator[None]:
    """The body writes once the slot is checked free under the lock; a racing write refused by
    PostgreSQL's exclusion constraint comes out as SlotTaken too."""
    try:
        with transaction.atomic():
            if _overlap(clinician=clinician, room=room, start=start, end=end, ignore=ignore):
                raise SlotTaken
            yield
    except IntegrityError:
        raise SlotTaken from None


def appointment_book(
    *,
    patient: Patient,
    clinician: Actor,
    start: datetime.datetime,
    end: datetime.datetime,
    actor: Actor,
    kind: str = AppointmentKind.MESOTHERAPY,
    room: Room | None = None,
    course_session: CourseSession | None = None,
) -> Appointment:
    """Book after the gates: a blocked gate refuses, warnings and advice are kept on the row."""
    findings = _gates_passed(
        patient=patient, clinician=clinician, kind=kind, start=start, end=end, room=room,
        course_session=course_session,
    )  # fmt: skip
    with _slot_held(clinician=clinician, room=room, start=start, end=end, ignore=None):
        appointment = Appointment(
            clinic=patient.clinic,
            patient=patient,
            clinician=clinician,
            room=room,
            kind=kind,
            course_session=course_session,
            start=start,
            end=end,
            gates=[f.to_dict() for f in findings],
            created_by=actor.get_username(),
        )
        # The overlap constraints are the database's (they refuse a racing booking as SlotTaken);
        # checked here too they would turn that 409 into a 422.
        appointment.full_clean(validate_constraints=False)
        appointment.save(force_insert=True)
        if course_session is not None:
            CourseSession.objects.filter(pk=course_session.pk).update(status=SessionStatus.BOOKED)
        _audit(actor, appointment, "booked")
        reminder_schedule(appointment)
    return appointment


def appointment_move(
    *, appointment: Appointment, start: datetime.datetime, end: datetime.datetime, actor: Actor
) -> Appointment:
    findings = _gates_passed(
        patient=appointment.patient, clinician=appointment.clinician, kind=appointment.kind,
        start=start, end=end, room=appointment.room, course_session=appointment.course_session,
        ignore=appointment,
    )  # fmt: skip
    with _slot_held(
        clinician=appointment.clinician, room=appointment.room, start=start, end=end, ignore=appointment.pk
    ):
        Appointment.objects.filter(pk=appointment.pk).update(
            start=start, end=end, gates=[f.to_dict() for f in findings]
        )
        Reminder.objects.filter(appointment=appointment, sent_at__isnull=True, outcome="").update(
            outcome="superseded: moved"
        )
        appointment.refresh_from_db()
        _audit(actor, appointment, "moved")
        reminder_schedule(appointment)
    return appointment


def appointment_cancel(*, appointment: Appointment, actor: Actor) -> Appointment:
    with transaction.atomic():
        appointment.cancelled_at = timezone.now()
        appointment.save(update_fields=["cancelled_at"])
        if appointment.course_session_id:
            CourseSession.objects.filter(
                pk=appointment.course_session_id, status=SessionStatus.BOOKED
            ).update(status=SessionStatus.PLANNED)
        _audit(actor, appointment, "cancelled")
    return appointment


def _audit(actor: Actor, appointment: Appointment, what: str) -> None:
    audit_by(
        actor,
        AuditAction.CREATE if what == "booked" else AuditAction.UPDATE,
        clinic_id=appointment.clinic_id,
        patient_id=appointment.patient_id,
        object_type="appointment",
        object_id=appointment.pk,
        detail={"what": what, "start": appointment.start.isoformat(), "kind": appointment.kind},
    )
