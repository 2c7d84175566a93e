"""Reads: the clinic's instruments, a course's schedule and what is due, a patient's responses.

Every read runs in the request's clinic scope (another clinic's rows do not exist); reading
a patient's responses goes to the audit trail."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.http import Http404

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.clinic.errors import InputError
from mesodesk.clinic.outcome_schedule import (
    BASELINE,
    END,
    SESSION_4,
    Due,
    Schedule,
    default_schedule,
    due_items,
    parse_schedule,
)
from mesodesk.clinic.outcomes import BUILT_IN, CLINICIAN, Instrument, custom_instrument
from mesodesk.courses.models import ClinicProtocol, Course, CourseSession
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.outcomes.labels import instrument_name
from mesodesk.outcomes.models import ClinicInstrument, OutcomeResponse, OutcomeSchedule
from mesodesk.patients.models import Patient


def instrument_of(own: ClinicInstrument) -> Instrument:
    return custom_instrument(
        code=own.code,
        rater=own.rater,
        kind=own.kind,
        minimum=own.minimum,
        maximum=own.maximum,
        decimals=own.decimals,
        choices=tuple(str(c["code"]) for c in own.choices),
        better=own.better if own.ordered else "",
    )


def clinic_instruments() -> dict[str, ClinicInstrument]:
    """The active clinic's own instruments, retired ones included (their answers are read)."""
    return {i.code: i for i in ClinicInstrument.objects.order_by("code")}


def active(own: dict[str, ClinicInstrument]) -> dict[str, ClinicInstrument]:
    """The instruments not retired: those a schedule may still ask for."""
    return {code: row for code, row in own.items() if row.retired_at is None}


def clinic_instrument_get(pk: int) -> ClinicInstrument:
    """One of the active clinic's own instruments; 404 alike for missing and another clinic's."""
    own = ClinicInstrument.objects.filter(pk=pk).first()
    if own is None:
        raise Http404("No such instrument")
    return own


def instrument_answer_counts() -> dict[str, int]:
    """How many answers each of the clinic's own instruments has (one query)."""
    rows = (
        OutcomeResponse.objects.filter(instrument__in=ClinicInstrument.objects.values("code"))
        .values("instrument")
        .annotate(n=Count("id"))
        .values_list("instrument", "n")
    )
    return dict(rows)


def schedules() -> dict[str, list[dict[str, Any]]]:
    """The clinic's schedules by protocol code."""
    return {s.protocol_code: list(s.items) for s in OutcomeSchedule.objects.order_by("protocol_code")}


def instruments(own: dict[str, ClinicInstrument] | None = None) -> dict[str, Instrument]:
    """The built-ins and the active clinic's own instruments, by code."""
    found = dict(BUILT_IN)
    for code, row in (clinic_instruments() if own is None else own).items():
        found[code] = instrument_of(row)
    return found


def instrument_get(code: str) -> Instrument:
    """A built-in or the clinic's own instrument, or InputError naming `instrument`."""
    if code in BUILT_IN:
        return BUILT_IN[code]
    own = ClinicInstrument.objects.filter(code=code).first()
    if own is None:
        raise InputError("instrument", f"unknown instrument {code!r}")
    return instrument_of(own)


def schedule_from(course: Course, override: object, sex: str) -> Schedule:
    """The clinic's schedule for the course's protocol when it has one, else the default."""
    if override is not None:
        try:
            return parse_schedule(override, known=[c for c in _as_codes(override) if c not in BUILT_IN])
        except InputError:
            pass  # a schedule saved before an instrument was removed: the default still holds
    return default_schedule(course.indication, sex)


def _as_codes(items: object) -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(i.get("instrument")) for i in items if isinstance(i, dict)]


def course_schedule(course: Course) -> Schedule:
    override = (
        OutcomeSchedule.objects.filter(protocol_code=course.protocol_code)
        .values_list("items", flat=True)
        .first()
    )
    return schedule_from(course, override, course.patient.sex)


@dataclass(frozen=True)
class DueItem:
    instrument: str
    timepoint: str
    date: datetime.date
    rater: str


def course_due(course: Course, *, own: dict[str, Instrument] | None = None) -> list[DueItem]:
    """What the course's schedule still asks for, each with its date and who rates it
    (`own`: the instruments that may be asked; a retired one is not)."""
    known = own if own is not None else instruments(active(clinic_instruments()))
    sessions = list(CourseSession.objects.filter(course=course).values_list("number", "due"))
    answered = OutcomeResponse.objects.filter(course=course).values_list("instrument", "timepoint")
    return _due(due_items(course_schedule(course), sessions, answered), known)


def _due(due: list[Due], known: dict[str, Instrument]) -> list[DueItem]:
    return [
        DueItem(d.instrument, d.timepoint, d.date, known[d.instrument].rater)
        for d in due
        if d.instrument in known
    ]


def courses_due(chosen: QuerySet[Course]) -> dict[int, list[DueItem]]:
    """course_due for many courses, of any clinics, by course id in the queryset's order, in
    a fixed number of queries (the courses, their sessions and answers, the clinics' schedules
    and own instruments), then the pure schedule course by course. Run unscoped: each course
    reads only its own clinic's rows. The ids go to the database as a subquery, not a list."""
    courses = list(chosen.select_related("patient"))
    ids = chosen.values("pk")
    clinics = chosen.values("clinic_id")
    sessions: dict[int, list[tuple[int, datetime.date]]] = {c.pk: [] for c in courses}
    for course_id, number, due in CourseSession.objects.filter(course_id__in=ids).values_list(
        "course_id", "number", "due"
    ):
        sessions[course_id].append((number, due))
    answered: dict[int, list[tuple[str, str]]] = {c.pk: [] for c in courses}
    for course_id, instrument, timepoint in OutcomeResponse.objects.filter(course_id__in=ids).values_list(
        "course_id", "instrument", "timepoint"
    ):
        answered[course_id].append((instrument, timepoint))
    overrides: dict[tuple[int, str], object] = {}
    for clinic_id, protocol, items in OutcomeSchedule.objects.filter(clinic_id__in=clinics).values_list(
        "clinic_id", "protocol_code", "items"
    ):
        overrides.setdefault((clinic_id, protocol), items)
    own: dict[int, dict[str, Instrument]] = {c.clinic_id: dict(BUILT_IN) for c in courses}
    for row in ClinicInstrument.objects.filter(clinic_id__in=clinics).order_by("code"):
        own[row.clinic_id][row.code] = instrument_of(row)
    return {
        c.pk: _due(
            due_items(
                schedule_from(c, overrides.get((c.clinic_id, c.protocol_code)), c.patient.sex),
                sessions[c.pk],
                answered[c.pk],
            ),
            own[c.clinic_id],
        )
        for c in courses
    }


def responses() -> QuerySet[OutcomeResponse]:
    return OutcomeResponse.objects.select_related("course", "session")


def patient_responses(*, user: Actor, patient: Patient) -> list[OutcomeResponse]:
    """The patient's responses, newest first; the read is audited."""
    found = list(responses().filter(patient=patient))
    audit_by(
        user,
        AuditAction.READ,
        clinic_id=patient.clinic_id,
        patient_id=patient.pk,
        object_type="outcome_response",
        object_id=patient.pseudonym,
        detail={"responses": len(found)},
    )
    return found


def protocol_known(code: str) -> bool:
    """A protocol of the knowledge base or of the active clinic (another clinic's is unknown)."""
    if code in load_knowledge().protocol_by_code:
        return True
    return ClinicProtocol.objects.filter(code=code).exists()


def course_get_for_outcomes(course_id: int) -> Course:
    """The course of the active clinic, or 404 the same for "missing" and "another clinic's"."""
    course = Course.objects.select_related("patient", "clinician").filter(pk=course_id).first()
    if course is None:
        raise Http404("No such course")
    return course


@dataclass(frozen=True)
class SessionRatings:
    """Clinician-rated instruments due at one session (its first, fourth or last)."""

    session_id: int
    instruments: tuple[str, ...]


def _session_timepoints(number: int, last: int) -> tuple[str, ...]:
    points = []
    if number == 1:
        points.append(BASELINE)
    if number == 4:
        points.append(SESSION_4)
    if number == last:
        points.append(END)
    return tuple(points)


def ratings_due_at_sessions(session_ids: list[int]) -> dict[int, SessionRatings]:
    """The clinician-rated instruments due at these sessions (see _ratings_due)."""
    return _ratings_due(session_ids)[0]


def _ratings_due(session_ids: list[int]) -> tuple[dict[int, SessionRatings], dict[str, ClinicInstrument]]:
    """The clinician-rated instruments (built-in or the clinic's own, not retired) the schedule
    asks for at these sessions and not yet recorded for their course.

    Plain reads over the sessions' courses, each cheap to build (four correlated subqueries
    in one statement cost the dashboard some 12,000 Python calls to compile, and the database
    a subquery per row; docs/performance.md): the sessions with their course, the courses'
    last session numbers; then, only when a session is a first, a fourth or a last, the
    (instrument, timepoint) pairs its course has answered and the clinic's schedules for its
    protocol; and only when such a schedule names one of the clinic's own scales, the clinic's
    own (returned by code too: their stored names name them)."""
    if not session_ids:
        return {}, {}
    sessions = list(
        CourseSession.objects.filter(pk__in=session_ids).values_list(
            *("pk", "number", "course_id", "clinic_id"),
            *("course__indication", "course__protocol_code", "course__patient__sex"),
        )
    )
    courses = {row[2] for row in sessions}
    last = dict(
        CourseSession.objects.filter(course_id__in=courses)
        .order_by()
        .values("course_id")
        .annotate(m=Max("number"))
        .values_list("course_id", "m")
    )
    points = {row[0]: _session_timepoints(row[1], last.get(row[2]) or row[1]) for row in sessions}
    asked = [row for row in sessions if points[row[0]]]
    if not asked:
        return {}, {}
    done: dict[int, set[str]] = {}
    answered = (
        OutcomeResponse.objects.filter(course_id__in={row[2] for row in asked})
        .order_by()
        .values_list("course_id", "instrument", "timepoint")
        .distinct()
    )
    for course_id, instrument, timepoint in answered:
        done.setdefault(course_id, set()).add(f"{instrument}:{timepoint}")
    # Each clinic's own, named explicitly as the subqueries did, whatever scope the caller is in.
    clinics = {row[3] for row in asked}
    overrides = {
        (clinic_id, protocol_code): items
        for clinic_id, protocol_code, items in OutcomeSchedule.objects.filter(
            clinic_id__in=clinics, protocol_code__in={row[5] for row in asked}
        ).values_list("clinic_id", "protocol_code", "items")
    }
    own = [c for items in overrides.values() for c in _as_codes(items) if c not in BUILT_IN]
    rows = list(ClinicInstrument.objects.filter(clinic_id__in=clinics)) if own else []
    rated = {(r.clinic_id, r.code) for r in rows if r.rater == CLINICIAN and r.retired_at is None}
    found: dict[int, SessionRatings] = {}
    for pk, _number, course_id, clinic_id, indication, protocol_code, sex in asked:
        override = overrides.get((clinic_id, protocol_code))
        schedule = schedule_from(Course(indication=indication), override, sex)
        answered_here = done.get(course_id, set())
        codes = tuple(
            code
            for code, when in schedule
            if ((code in BUILT_IN and BUILT_IN[code].rater == CLINICIAN) or (clinic_id, code) in rated)
            and any(p in when and f"{code}:{p}" not in answered_here for p in points[pk])
        )
        if codes:
            found[pk] = SessionRatings(pk, codes)
    return found, {r.code: r for r in rows}


def rating_names_due_at_sessions(session_ids: list[int]) -> dict[int, list[str]]:
    """The names of the clinician-rated scales due at these sessions, by session id, in the
    active language: ratings_due_at_sessions's reads, the clinic's own scales (their stored
    names) among them only when a schedule names one."""
    due, own = _ratings_due(session_ids)
    return {
        session: [instrument_name(code, own) for code in found.instruments] for session, found in due.items()
    }


def score_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"
