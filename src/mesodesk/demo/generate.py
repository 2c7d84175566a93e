"""`mesodesk demo generate`: realistic clinics in bulk, for benchmarks and volume tests.

Sizes: s (one clinic, 2,000 patients), m (13,878 patients, the network survey's size, over
six clinics), l (ten million course sessions over forty clinics). Each clinic gets its
clinicians, rooms, prices, products and lots; patients with a history in French, German or
English; courses per the knowledge base's protocols, one after the other over the past years;
their sessions (held, missed, booked or planned); an appointment for every held or booked
session; a signed session record for every held one (points on the body map, a syringe drawn
from a lot of the clinic's that had not expired that day); adverse events at plausible rates.

Repeatable: one `random.Random` per clinic, seeded from `--seed` and the clinic's index, and
dates counted from a fixed day (`anchor`, today by default): the same seed on the same day
gives the same rows, ids aside. Rows go in through `demo.bulk` (COPY on PostgreSQL), not the
services: no screening is re-run, no stock moves (a generated syringe names its lot, without
a draw), and no audit row is written — generating volume is not a person reading records.
The command itself prints what it made.
"""

from __future__ import annotations

import datetime
import random
import sys
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic, Membership, Network, Role
from mesodesk.accounts.sql import sql_identifier
from mesodesk.charting.models import InjectionPoint, SessionRecord, Syringe, SyringeLot
from mesodesk.courses.models import Course, CourseSession, PriceList, SessionStatus
from mesodesk.demo import bulk, fastpath, indexes
from mesodesk.demo.draw import Drawn, draw_course, draw_person, draw_points, lots_plan
from mesodesk.demo.outcomes import CourseDrawn, outcome_responses_generate
from mesodesk.inventory.models import Lot, Product
from mesodesk.outcomes.models import OutcomeLink, OutcomeResponse
from mesodesk.patients.models import History, Patient, ScreeningSnapshot
from mesodesk.safety.models import AdverseEvent
from mesodesk.scheduling.models import Appointment, Room


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


# Gives a session's day its clinician and start: a free half hour of the clinic's.
Booking = Callable[[datetime.date], tuple[Any, datetime.datetime]]


class GenerateError(Exception):
    """Bad options, or a network of this seed already generated."""


@dataclass
class Ids:
    """The next id of each written table, handed out as rows are drawn."""

    next: dict[type, int]

    def take(self, model: type) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


def generate(
    *,
    size: str,
    seed: int = 1,
    clinics: int | None = None,
    patients: int | None = None,
    sessions: int | None = None,
    treated: float = 0.8,
    anchor: datetime.date | None = None,
    progress: bool = True,
    indexes_off: bool | None = None,
) -> dict[str, Any]:
    """Generate one network; returns counts by table and the time taken. `treated`: the share
    of patients with a history who follow courses (lower it for many patients, few sessions);
    `indexes_off`: secondary indexes dropped for the run and rebuilt after (default: size l)."""
    if size not in SIZES:
        raise GenerateError(f"size: choose one of {', '.join(SIZES)}")
    shape = SIZES[size]
    clinic_count = clinics or shape.clinics
    if clinic_count < 1 or (patients is not None and patients < 1):
        raise GenerateError("clinics and patients must be at least 1")
    total_patients = patients if patients is not None else shape.patients
    anchor = anchor or datetime.date.today()  # noqa: DTZ011 - the clinic's day, as the demo's
    started = time.perf_counter()
    total_sessions = sessions if sessions is not None else shape.sessions
    if patients is not None and sessions is None:
        total_sessions = None  # a patient count given replaces the size's cap on sessions
    if total_patients is None and total_sessions is None:
        raise GenerateError("patients: give a number of patients or of sessions")
    expected = total_sessions or (total_patients or 0) * 8
    bar = bulk.Progress(expected, out=sys.stderr if progress else bulk.Null())
    counts: dict[str, int] = {}
    # One transaction per clinic: an l-sized network is never one huge transaction, and a
    # clinic is there whole or not at all (an interrupted run leaves whole clinics behind).
    drop = size == "l" if indexes_off is None else indexes_off
    with scopes_disabled(), fastpath.bulk_session(), indexes.indexes_off(WRITTEN, enabled=drop):
        with transaction.atomic():
            network_name = f"Generated network {seed}"
            if Network.objects.filter(name=network_name).exists():
                raise GenerateError(f"seed: a network was already generated from seed {seed} here")
            network = Network.objects.create(name=network_name)
        now = datetime.datetime.combine(anchor, datetime.time(7, 0), tzinfo=datetime.UTC)
        for index in range(clinic_count):
            rng = random.Random(f"{seed}/{index}")  # noqa: S311 - repeatable on purpose
            clinic_patients = _share(total_patients, clinic_count, index)
            clinic_sessions = _share(total_sessions, clinic_count, index)
            with transaction.atomic():
                ids = Ids({model: bulk.next_id(model) for model in WRITTEN})
                made = _clinic(
                    network=network, seed=seed, index=index, rng=rng, shape=shape, ids=ids, now=now,
                    anchor=anchor, patients=clinic_patients, sessions=clinic_sessions, bar=bar,
                    treated=treated,
                )  # fmt: skip
                bulk.sequences_reset(WRITTEN)
            for name, count in made.items():
                counts[name] = counts.get(name, 0) + count
    bar.close()
    return {"size": size, "seed": seed, "clinics": clinic_count, "vendor": connection.vendor,
            "seconds": round(time.perf_counter() - started, 1), "rows": counts}  # fmt: skip


def _share(total: int | None, parts: int, index: int) -> int | None:
    if total is None:
        return None
    return total // parts + (1 if index < total % parts else 0)


def _staff(network: Network, seed: int, index: int, count: int) -> tuple[Clinic, list[Any]]:
    slug = f"gen{seed}-{index + 1}"
    clinic = Clinic.objects.create(network=network, name=f"Generated clinic {seed}-{index + 1}", slug=slug)
    user_model = get_user_model()
    clinicians = []
    for number in range(1, count + 1):
        user = user_model.objects.create(
            username=f"{slug}-clinician-{number}", first_name="Dr", last_name=f"{number}"
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Membership.objects.create(user=user, clinic=clinic, role=Role.CLINICIAN.value)
        clinicians.append(user)
    for room in ("Room 1", "Room 2"):
        Room.objects.create(clinic=clinic, name=room)
    PriceList.objects.create(clinic=clinic, per_session=90, package_sessions=4, package_price=320)
    return clinic, clinicians


def _lots(clinic: Clinic, anchor: datetime.date) -> dict[str, list[Lot]]:
    """Per formulation, lots received every six months over the history, each good for a year."""
    by_formulation: dict[str, list[Lot]] = {}
    for formulation, name, received, expires, number in lots_plan(clinic.slug, anchor):
        product = Product.objects.filter(clinic=clinic, name=name).first()
        if product is None:
            product = Product.objects.create(
                clinic=clinic, name=name, formulation="" if formulation == "plain" else formulation,
                manufacturer="NWM", presentation="vial", volume_ml=5, isotonic=True, low_stock_below=10,
            )  # fmt: skip
        lot = Lot.objects.create(
            clinic=clinic, product=product, number=number, expires=expires, quantity_received=5000,
            supplier="Pharmacie Centrale", received_on=received, on_hand=5000,
        )  # fmt: skip
        by_formulation.setdefault(formulation, []).append(lot)
    return by_formulation


def _clinic(
    *, network: Network, seed: int, index: int, rng: random.Random, shape: Size, ids: Ids,
    now: datetime.datetime, anchor: datetime.date, patients: int | None, sessions: int | None,
    bar: bulk.Progress, treated: float,
) -> dict[str, int]:  # fmt: skip
    expected_sessions = sessions or (patients or 0) * 8
    # Enough clinicians that the held sessions fit their half-hour slots (about six years).
    clinician_count = max(2, expected_sessions // (SLOTS_PER_DAY * 250 * 5) + 1)
    clinic, clinicians = _staff(network, seed, index, clinician_count)
    lots = _lots(clinic, anchor)
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    tables = _tables(now)
    slots: dict[datetime.date, int] = {}

    def book(day: datetime.date) -> tuple[Any, datetime.datetime]:
        return _slot(slots, day, clinicians, tz)

    course_drawn: list[CourseDrawn] = []
    first = dict(ids.next)
    with fastpath.guard_lifted(first):  # the parts' guard, checked once after
        made_sessions = 0
        number = 0
        while (patients is None or number < patients) and (sessions is None or made_sessions < sessions):
            person = draw_person(rng, seed=seed, clinic_index=index, number=number, treated_share=treated)
            number += 1
            patient_id = ids.take(Patient)
            tables[Patient].add((patient_id, clinic.id, person.pseudonym, person.family, person.given,
                                 person.born, person.sex, person.language))  # fmt: skip
            if person.history is None:
                continue
            tables[History].add(
                (ids.take(History), clinic.id, patient_id, 1, *person.history, now, "Generated")
            )
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
                tables[ScreeningSnapshot].add((snapshot_id, clinic.id, patient_id, person.indication,
                                               drawn.formulation, 1, drawn.screening, now,
                                               "Generated"))  # fmt: skip
                tables[Course].add((course_id, clinic.id, patient_id, person.indication, drawn.protocol.code,
                                    drawn.protocol.name, list(drawn.protocol.sources), drawn.maintenance,
                                    drawn.formulation, clinician.id, snapshot_id, now))  # fmt: skip
                _sessions(
                    drawn, rng=rng, clinic=clinic, patient_id=patient_id, course_id=course_id, tables=tables,
                    ids=ids, book=book, lots=lots, now=now, anchor=anchor,
                    points=shape.points,
                )  # fmt: skip
                made_sessions += len(drawn.sessions)
                bar.advance(len(drawn.sessions))
                start = drawn.sessions[-1].latest + datetime.timedelta(days=rng.randint(60, 400))
                if start >= anchor:
                    break
        for table in tables.values():
            table.flush()
    _sign(clinic, first[SessionRecord])
    answered, _links = outcome_responses_generate(clinic=clinic, rng=rng, courses=course_drawn, anchor=anchor,
                                                  take=ids.take)  # fmt: skip
    return {model.__name__: table.written for model, table in tables.items()} | {"OutcomeResponse": answered}


def _tables(now: datetime.datetime) -> dict[type, bulk.Table]:
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
    tables = {model: bulk.Table(model, names, now=now) for model, names in columns.items()}

    # A full batch writes every table, parents first: a child written before its parent leaves
    # SQLite a pending deferred key, and then each parent row inserted looks for its children.
    def flush_all() -> None:
        for table in tables.values():
            table.flush()

    for table in tables.values():
        table.on_full = flush_all
    return tables


def _slot(
    slots: dict[datetime.date, int], day: datetime.date, clinicians: list[Any], tz: datetime.tzinfo
) -> tuple[Any, datetime.datetime]:
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


def _sessions(
    drawn: Drawn, *, rng: random.Random, clinic: Clinic, patient_id: int, course_id: int,
    tables: dict[type, bulk.Table], ids: Ids, book: Booking, lots: dict[str, list[Lot]],
    now: datetime.datetime, anchor: datetime.date, points: tuple[int, int],
) -> None:  # fmt: skip
    half_hour = datetime.timedelta(minutes=30)
    for planned in drawn.sessions:
        session_id = ids.take(CourseSession)
        held = planned.latest < anchor
        status = SessionStatus.PLANNED
        if held:
            status = SessionStatus.MISSED if rng.random() < 0.04 else SessionStatus.DONE
        elif planned.date <= anchor + datetime.timedelta(days=14):
            status = SessionStatus.BOOKED
        tables[CourseSession].add((session_id, clinic.id, course_id, planned.number, planned.date,
                                   planned.earliest, planned.latest, status.value))  # fmt: skip
        if status not in (SessionStatus.DONE, SessionStatus.BOOKED):
            continue
        clinician, start = book(planned.date if held else max(planned.date, anchor))
        appointment_id = ids.take(Appointment)
        done = status == SessionStatus.DONE
        tables[Appointment].add((appointment_id, clinic.id, patient_id, clinician.id, session_id, start,
                                 start + half_hour, start - datetime.timedelta(days=7), "Generated",
                                 start if done else None, clinician.username if done else ""))  # fmt: skip
        if not done:
            continue
        record_id = ids.take(SessionRecord)
        pain = rng.randint(0, 6)
        tables[SessionRecord].add((record_id, clinic.id, appointment_id, patient_id, clinician.id, session_id,
                                   True, True, True, True, True, "chlorhexidine",
                                   rng.choice(("none", "pinpoint")), pain, [], start))  # fmt: skip
        syringe_id = ids.take(Syringe)
        tables[Syringe].add((syringe_id, clinic.id, record_id, "A"))
        lot = _lot_on(lots[drawn.formulation or "plain"], planned.date)
        drawn_points = draw_points(rng, drawn.view, rng.randint(*points))
        total = sum(float(p[-1]) for p in drawn_points)
        tables[SyringeLot].add((ids.take(SyringeLot), clinic.id, record_id, syringe_id, lot.id,
                                bulk.decimal(max(total, 0.01), 2)))  # fmt: skip
        for point in drawn_points:
            tables[InjectionPoint].add((ids.take(InjectionPoint), clinic.id, record_id, syringe_id, *point))
        _adverse(rng, tables, ids, clinic=clinic, patient_id=patient_id, session_id=session_id,
                 clinician=clinician, day=planned.date, anchor=anchor)  # fmt: skip


def _lot_on(lots: list[Lot], day: datetime.date) -> Lot:
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
    rng: random.Random, tables: dict[type, bulk.Table], ids: Ids, *, clinic: Clinic, patient_id: int,
    session_id: int, clinician: Any, day: datetime.date, anchor: datetime.date,
) -> None:  # fmt: skip
    roll = rng.random()
    for kind, rate, severity, lasts in ADVERSE:
        if roll < rate:
            resolved = day + datetime.timedelta(days=lasts)
            done = resolved < anchor
            tables[AdverseEvent].add((ids.take(AdverseEvent), clinic.id, patient_id, session_id, clinician.id,
                                      kind, day, severity, "resolved" if done else "ongoing",
                                      resolved if done else None, clinician.username))  # fmt: skip
            return
        roll -= rate


def _sign(clinic: Clinic, first: int) -> None:
    """Sign the clinic's generated drafts at once, now their rows are in: the database refuses
    any row added to a signed record (charting migration 0002), so signing comes last. The
    clinic is new, so its drafts are all from `first` on (found by the key: the clinic's
    index may be off for the run)."""
    record, appointment = SessionRecord._meta.db_table, Appointment._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {sql_identifier(record)} SET status = 'signed', signed_by_id = clinician_id, "  # noqa: S608
            f'signed_at = (SELECT a."end" FROM {sql_identifier(appointment)} a '
            f"WHERE a.id = {sql_identifier(record)}.appointment_id) "
            f"WHERE id >= %s AND clinic_id = %s AND status = 'draft'",
            [first, clinic.id],
        )
