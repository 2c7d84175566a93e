"""Booking, moving and cancelling appointments, behind the clinical gates.

No double booking: on PostgreSQL exclusion constraints refuse an overlapping row, so
two racing bookings cannot both land; on SQLite every transaction begins IMMEDIATE
(settings), holding the database's write lock before it checks for an overlap."""

from __future__ import annotations

import datetime
import logging
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

# Re-exported: the booking form (scheduling.forms) bounds its years with them.
from mesodesk.clinic.fields import EARLIEST_YEAR as EARLIEST_YEAR
from mesodesk.clinic.fields import LATEST_YEAR as LATEST_YEAR
from mesodesk.clinic.scheduling import MESOTHERAPY, Booking, GateFinding, check_booking, check_start
from mesodesk.courses.models import Course, CourseSession, SessionStatus
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.consent import consent_in_force
from mesodesk.patients.models import Patient
from mesodesk.patients.screening import patient_screening
from mesodesk.patients.selectors import history_get
from mesodesk.safety.selectors import bruising_unresolved
from mesodesk.scheduling.models import Appointment, AppointmentKind, Reminder, Room
from mesodesk.scheduling.reminders import reminder_schedule

logger = logging.getLogger(__name__)
GATE_REACH = datetime.timedelta(hours=96)  # wider than the 72-hour rule, to find every neighbour


class SlotTaken(Exception):
    """The clinician or the room already holds an appointment at that time."""


class SessionTaken(SlotTaken):
    """The course session already holds a live appointment (a database constraint keeps it so)."""

    def __init__(self) -> None:
        super().__init__(gettext("This course session is already booked; move or cancel that appointment."))


class BookingBlocked(Exception):
    def __init__(self, findings: list[GateFinding]) -> None:
        super().__init__("; ".join(f.message for f in findings if f.level == "blocked"))
        self.findings = findings


def _screened_indications(patient: Patient, course_session: CourseSession | None) -> list[tuple[str, str]]:
    """The (indication, formulation) pairs a mesotherapy booking screens the patient for: the
    session's course's, or, booked ad hoc, those of every active course of the patient: one
    with a session still planned or booked, or with maintenance (the maintenance sessions the
    recall asks for are booked ad hoc once the course is done)."""
    if course_session is not None:
        course = course_session.course
        return [(course.indication, course.formulation)]
    active = (
        Course.objects.filter(
            Q(sessions__status__in=[SessionStatus.PLANNED, SessionStatus.BOOKED])
            | Q(maintenance__isnull=False),
            patient=patient,
        )
        .values_list("indication", "formulation")
        .distinct()
    )
    return sorted(set(active))


def booking_gates(
    *,
    patient: Patient,
    kind: str,
    start: datetime.datetime,
    end: datetime.datetime,
    course_session: CourseSession | None,
    ignore: Appointment | None = None,
    starting: bool = False,
) -> list[GateFinding]:
    """The one gate in front of every injection: booking (from a course session or ad hoc, on
    a page or over the API), moving, starting the session (`starting`: what had to be put
    right before the session now blocks, clinic.scheduling.check_start), and re-checking an
    appointment after the history changed.

    A mesotherapy appointment screens the patient for its course's indication; booked ad hoc
    (no session), for the indications of the patient's active courses. Screening is always for
    an indication, so an ad-hoc mesotherapy booking of a patient with no active course is
    blocked (`course_needed`): create a course first, which screens them. A history never taken
    (`history_get` gives an unsaved version 0) blocks a mesotherapy session (`history_missing`):
    empty answers are not "nothing to report". Device treatments screen nothing and stay
    bookable by assistants; only the 72-hour gap applies to them.

    Times reach the clinical core on the clinic's clock, so its English messages read local."""
    kb = load_knowledge()
    start, end = timezone.localtime(start), timezone.localtime(end)
    window = sources = None
    bruising = screening_blocked = False
    consent = True
    history = history_get(patient)
    screened = _screened_indications(patient, course_session) if kind == MESOTHERAPY else []
    if course_session is not None:
        course = course_session.course
        window = (course_session.earliest, course_session.latest)
        sources = tuple(s for s in course.protocol_sources if not s.startswith("clinic:"))
        previous = course.sessions.filter(number__lt=course_session.number).order_by("-number").first()
        # The previous session's bruising adverse event, the one record of it (safety).
        bruising = previous is not None and bruising_unresolved(previous)
    for indication, formulation in screened:
        if patient_screening(patient=patient, indication=indication, formulation=formulation).blocked:
            screening_blocked = True
        if consent_in_force(patient=patient, indication=indication) is None:
            consent = False
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
        antiplatelet_drugs=tuple(m for m in history.medications if m in kb.washout_medications),
        other_appointments=tuple(
            (a.kind, timezone.localtime(a.start), timezone.localtime(a.end)) for a in neighbours
        ),
        screening_blocked=screening_blocked,
        consent_in_force=consent,
        history_taken=history.pk is not None and history.version > 0,
        indication_known=bool(screened) or kind != MESOTHERAPY,
    )
    return check_start(booking, kb) if starting else check_booking(booking, kb)


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
    if timezone.localtime(start).date() < timezone.localdate():
        raise ValidationError(
            {
                "start": gettext(
                    "This day has passed: book today or later (record a past session on its course)."
                )
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
    course_session: CourseSession | None = None,
) -> Iterator[None]:
    """The body writes once the slot (and the course session) is checked free under the lock;
    a racing write refused by the database's constraints (PostgreSQL's exclusion constraints,
    the one-live-appointment-per-session index on both) comes out as SlotTaken or SessionTaken."""
    try:
        with transaction.atomic():
            if course_session is not None:
                taken = Appointment.objects.filter(course_session=course_session, cancelled_at__isnull=True)
                if ignore is not None:
                    taken = taken.exclude(pk=ignore)
                if taken.exists():
                    raise SessionTaken
            if _overlap(clinician=clinician, room=room, start=start, end=end, ignore=ignore):
                raise SlotTaken
            yield
    except IntegrityError as exc:
        if "session" in str(exc):
            raise SessionTaken from None
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
    with _slot_held(
        clinician=clinician, room=room, start=start, end=end, ignore=None, course_session=course_session
    ):
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
            gates_checked_at=timezone.now(),
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
            start=start, end=end, gates=[f.to_dict() for f in findings], gates_checked_at=timezone.now()
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
