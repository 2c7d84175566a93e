"""A generated clinic's rows, drawn with no database: what `demo.generate` writes, from a plan
(`ClinicPlan`) that names the clinic, its clinicians and lots and the ids its rows may take.

The draws come from one `random.Random` per clinic, seeded from the run's seed and the
clinic's index, in a fixed order, so a clinic's rows are the same whichever process draws them
(a worker's, demo.workers, or the writer's own). Rows go to the tables' sink in full batches,
every table of the clinic at once, parents first.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from mesodesk.charting.models import InjectionPoint, SessionRecord, Syringe, SyringeLot
from mesodesk.courses.models import Course, CourseSession, SessionStatus
from mesodesk.demo import bulk
from mesodesk.demo.draw import Drawn, draw_course, draw_person, draw_points
from mesodesk.demo.outcomes import CourseDrawn, outcome_responses_generate
from mesodesk.outcomes.models import OutcomeLink, OutcomeResponse
from mesodesk.patients.models import History, Patient, ScreeningSnapshot
from mesodesk.safety.models import AdverseEvent
from mesodesk.scheduling.models import Appointment


@dataclass(frozen=True)
class Size:
    clinics: int
    patients: int | None  # None: as many as the sessions need
    sessions: int | None  # a cap on course sessions over the whole network
    courses: tuple[int, int]  # courses a treated patient follows, over the years
    points: tuple[int, int]  # injection points of a signed record


SIZES = {
    "s": Size(clinics=1, patients=2_000, sessions=None, courses=(1, 3), points=(8, 30)),
    "m": Size(clinics=6, patients=13_878, sessions=None, courses=(1, 3), points=(8, 30)),
    "l": Size(clinics=40, patients=None, sessions=10_000_000, courses=(2, 6), points=(3, 6)),
}
SLOTS_PER_DAY = 20  # half-hour appointments, 08:00 to 18:00
WRITTEN = (
    Patient, History, ScreeningSnapshot, Course, CourseSession, Appointment,
    SessionRecord, Syringe, SyringeLot, InjectionPoint, AdverseEvent, OutcomeResponse, OutcomeLink,
)  # fmt: skip


class Staff(NamedTuple):
    """A clinician, as the rows name them."""

    id: int
    username: str


class LotRef(NamedTuple):
    """A lot, as a syringe names it."""

    id: int
    received_on: datetime.date
    expires: datetime.date


# Gives a session's day its clinician and start: a free half hour of the clinic's.
Booking = Callable[[datetime.date], tuple[Staff, datetime.datetime]]
Sink = Callable[[bulk.Table, bulk.Rows], None]


class RangeExceeded(Exception):
    """A clinic drew more rows of a table than the ids set aside for it."""


@dataclass
class Ids:
    """The next id of each written table, handed out as rows are drawn."""

    next: dict[type, int]

    def take(self, model: type) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


@dataclass(frozen=True)
class ClinicPlan:
    """All a clinic's draw needs, picklable: who and what it has, how much to draw, and its
    ids: from `first` (by table) up to, not including, `end`."""

    index: int
    seed: int
    clinic_id: int
    clinicians: tuple[Staff, ...]
    lots: dict[str, tuple[LotRef, ...]]
    shape: Size
    patients: int | None
    sessions: int | None
    treated: float
    now: datetime.datetime
    anchor: datetime.date
    time_zone: str
    sqlite: bool
    first: dict[type, int]
    end: dict[type, int]


def clinic_draw(plan: ClinicPlan, sink: Sink) -> None:
    """Draw the clinic's rows and hand them to `sink` in batches, parents first; RangeExceeded
    (after the last batch, before the caller commits) when a table outgrew its ids."""
    rng = random.Random(f"{plan.seed}/{plan.index}")  # noqa: S311 - repeatable on purpose
    ids = Ids(dict(plan.first))
    now, anchor, shape, clinic_id = plan.now, plan.anchor, plan.shape, plan.clinic_id
    tables = tables_new(now, sqlite=plan.sqlite, sink=sink)
    tz = zoneinfo.ZoneInfo(plan.time_zone)
    clinicians = list(plan.clinicians)
    slots: dict[datetime.date, int] = {}

    def book(day: datetime.date) -> tuple[Staff, datetime.datetime]:
        return slot_take(slots, day, clinicians, tz)

    course_drawn: list[CourseDrawn] = []
    made_sessions = 0
    number = 0
    patients, sessions = plan.patients, plan.sessions
    while (patients is None or number < patients) and (sessions is None or made_sessions < sessions):
        person = draw_person(rng, seed=plan.seed, clinic_index=plan.index, number=number,
                             treated_share=plan.treated)  # fmt: skip
        number += 1
        patient_id = ids.take(Patient)
        tables[Patient].add((patient_id, clinic_id, person.pseudonym, person.family, person.given,
                             person.born, person.sex, person.language))  # fmt: skip
        if person.history is None:
            continue
        tables[History].add((ids.take(History), clinic_id, patient_id, 1, *person.history, now, "Generated"))
        if not person.treated:
            continue
        start = anchor - datetime.timedelta(days=rng.randint(30, 6 * 365))
        for _ in range(rng.randint(*shape.courses)):
            drawn = draw_course(rng, person, start=start, anchor=anchor)
            if drawn is None:
                break
            course_id = ids.take(Course)
            clinician = rng.choice(clinicians)
            dues = [(p.number, p.date) for p in drawn.sessions]
            course_drawn.append((course_id, patient_id, person.indication, person.sex, person.language,
                                 clinician.username, dues))  # fmt: skip
            snapshot_id = ids.take(ScreeningSnapshot)
            tables[ScreeningSnapshot].add((snapshot_id, clinic_id, patient_id, person.indication,
                                           drawn.formulation, 1, drawn.screening, now,
                                           "Generated"))  # fmt: skip
            tables[Course].add((course_id, clinic_id, patient_id, person.indication, drawn.protocol.code,
                                drawn.protocol.name, list(drawn.protocol.sources), drawn.maintenance,
                                drawn.formulation, clinician.id, snapshot_id, now))  # fmt: skip
            sessions_draw(
                drawn, rng=rng, clinic_id=clinic_id, patient_id=patient_id, course_id=course_id,
                tables=tables, ids=ids, book=book, lots=plan.lots, now=now, anchor=anchor,
                points=shape.points,
            )  # fmt: skip
            made_sessions += len(drawn.sessions)
            start = drawn.sessions[-1].latest + datetime.timedelta(days=rng.randint(60, 400))
            if start >= anchor:
                break
    for table in tables.values():
        table.flush()
    outcome_responses_generate(clinic_id=clinic_id, rng=rng, courses=course_drawn, anchor=anchor,
                               take=ids.take, sqlite=plan.sqlite, sink=sink)  # fmt: skip
    outgrown = [model.__name__ for model, top in ids.next.items() if top > plan.end[model]]
    if outgrown:
        raise RangeExceeded(f"clinic {plan.index + 1}: more rows than its ids allow in {', '.join(outgrown)}")


def tables_new(
    now: datetime.datetime, *, sqlite: bool | None = None, sink: Sink | None = None
) -> dict[type, bulk.Table]:
    """The drawn tables of a clinic (the outcomes' are demo.outcomes'), each full batch of one
    writing them all, parents first: a child written before its parent leaves SQLite a
    pending deferred key, and then each parent row inserted looks for its children."""
    columns: dict[type, tuple[str, ...]] = {
        Patient: ("id", "clinic_id", "pseudonym", "family_name", "given_name", "date_of_birth", "sex",
                  "preferred_language"),
        History: ("id", "clinic_id", "patient_id", "version", "conditions", "allergies", "medications",
                  "hair_loss_onset_months", "expects_quick_results", "goals", "updated_at", "updated_by"),
        ScreeningSnapshot: ("id", "clinic_id", "patient_id", "indication", "formulation", "history_version",
                            "result", "taken_at", "taken_by"),
        Course: ("id", "clinic_id", "patient_id", "indication", "protocol_code", "protocol_name",
                 "protocol_sources", "maintenance", "formulation", "clinician_id", "screening_id",
                 "created_at"),
        CourseSession: ("id", "clinic_id", "course_id", "number", "due", "earliest", "latest", "status"),
        Appointment: ("id", "clinic_id", "patient_id", "clinician_id", "course_session_id", "start", "end",
                      "gates_checked_at", "created_by", "started_at", "started_by"),
        SessionRecord: ("id", "clinic_id", "appointment_id", "patient_id", "clinician_id",
                        "course_session_id",
                        "screening_current", "consent_in_force", "precare_followed", "bruising_resolved",
                        "gloves_worn", "disinfectant", "bleeding", "pain", "aftercare", "opened_at"),
        Syringe: ("id", "clinic_id", "record_id", "label"),
        SyringeLot: ("id", "clinic_id", "record_id", "syringe_id", "lot_id", "volume_ml"),
        InjectionPoint: ("id", "clinic_id", "record_id", "syringe_id", "view", "region", "technique",
                         "depth_mm", "needle_gauge", "needle_length_mm", "x", "y", "volume_ml"),
        AdverseEvent: ("id", "clinic_id", "patient_id", "session_id", "clinician_id", "kind", "onset",
                       "severity", "outcome", "resolved_on", "reported_by"),
    }  # fmt: skip
    tables = {
        model: bulk.Table(model, names, now=now, sqlite=sqlite, sink=sink) for model, names in columns.items()
    }

    def flush_all() -> None:
        for table in tables.values():
            table.flush()

    for table in tables.values():
        table.on_full = flush_all
    return tables


def slot_take(
    slots: dict[datetime.date, int], day: datetime.date, clinicians: list[Staff], tz: datetime.tzinfo
) -> tuple[Staff, datetime.datetime]:
    """The day's next free half hour of some clinician (the next day's when the day is full):
    a clinician never holds two appointments at once, as PostgreSQL's exclusion constraint asks."""
    while True:
        taken = slots.get(day, 0)
        if taken < SLOTS_PER_DAY * len(clinicians):
            slots[day] = taken + 1
            clinician = clinicians[taken % len(clinicians)]
            minutes = 8 * 60 + 30 * (taken // len(clinicians))
            return clinician, datetime.datetime.combine(
                day, datetime.time(minutes // 60, minutes % 60), tzinfo=tz
            )
        day += datetime.timedelta(days=1)


def sessions_draw(
    drawn: Drawn, *, rng: random.Random, clinic_id: int, patient_id: int, course_id: int,
    tables: dict[type, bulk.Table], ids: Ids, book: Booking, lots: dict[str, tuple[LotRef, ...]],
    now: datetime.datetime, anchor: datetime.date, points: tuple[int, int],
) -> None:  # fmt: skip
    """A course's sessions; for each held or booked one its appointment, for each held one its
    signed-to-be record, syringe, lot, points and, now and then, an adverse event."""
    half_hour = datetime.timedelta(minutes=30)
    for planned in drawn.sessions:
        session_id = ids.take(CourseSession)
        held = planned.latest < anchor
        status = SessionStatus.PLANNED
        if held:
            status = SessionStatus.MISSED if rng.random() < 0.04 else SessionStatus.DONE
        elif planned.date <= anchor + datetime.timedelta(days=14):
            status = SessionStatus.BOOKED
        tables[CourseSession].add((session_id, clinic_id, course_id, planned.number, planned.date,
                                   planned.earliest, planned.latest, status.value))  # fmt: skip
        if status not in (SessionStatus.DONE, SessionStatus.BOOKED):
            continue
        clinician, start = book(planned.date if held else max(planned.date, anchor))
        appointment_id = ids.take(Appointment)
        done = status == SessionStatus.DONE
        tables[Appointment].add((appointment_id, clinic_id, patient_id, clinician.id, session_id, start,
                                 start + half_hour, start - datetime.timedelta(days=7), "Generated",
                                 start if done else None, clinician.username if done else ""))  # fmt: skip
        if not done:
            continue
        record_id = ids.take(SessionRecord)
        pain = rng.randint(0, 6)
        tables[SessionRecord].add((record_id, clinic_id, appointment_id, patient_id, clinician.id, session_id,
                                   True, True, True, True, True, "chlorhexidine",
                                   rng.choice(("none", "pinpoint")), pain, [], start))  # fmt: skip
        syringe_id = ids.take(Syringe)
        tables[Syringe].add((syringe_id, clinic_id, record_id, "A"))
        lot = lot_on(lots[drawn.formulation or "plain"], planned.date)
        drawn_points = draw_points(rng, drawn.view, rng.randint(*points))
        total = sum(float(p[-1]) for p in drawn_points)
        tables[SyringeLot].add((ids.take(SyringeLot), clinic_id, record_id, syringe_id, lot.id,
                                bulk.decimal(max(total, 0.01), 2)))  # fmt: skip
        for point in drawn_points:
            tables[InjectionPoint].add((ids.take(InjectionPoint), clinic_id, record_id, syringe_id, *point))
        _adverse(rng, tables, ids, clinic_id=clinic_id, patient_id=patient_id, session_id=session_id,
                 clinician=clinician, day=planned.date, anchor=anchor)  # fmt: skip


def lot_on(lots: tuple[LotRef, ...], day: datetime.date) -> LotRef:
    """The first-expiring lot received by that day and not expired on it (as lots_suggested)."""
    return next((lot for lot in lots if lot.received_on <= day <= lot.expires), lots[-1])


# Per held session: bruising is common after mesotherapy, the rest rare (practice.yaml's side effects).
ADVERSE: tuple[tuple[str, float, str, int], ...] = (
    ("bruising", 0.08, "mild", 5),
    ("swelling", 0.02, "mild", 2),
    ("stinging_burning", 0.01, "mild", 1),
    ("infection", 0.0005, "moderate", 21),
)


def _adverse(
    rng: random.Random, tables: dict[type, bulk.Table], ids: Ids, *, clinic_id: int, patient_id: int,
    session_id: int, clinician: Staff, day: datetime.date, anchor: datetime.date,
) -> None:  # fmt: skip
    roll = rng.random()
    for kind, rate, severity, lasts in ADVERSE:
        if roll < rate:
            resolved = day + datetime.timedelta(days=lasts)
            done = resolved < anchor
            tables[AdverseEvent].add((ids.take(AdverseEvent), clinic_id, patient_id, session_id, clinician.id,
                                      kind, day, severity, "resolved" if done else "ongoing",
                                      resolved if done else None, clinician.username))  # fmt: skip
            return
        roll -= rate
