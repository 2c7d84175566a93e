"""One patient with a very long course, for the pages' benchmarks: a thousand sessions (held
every few days, the last few still to come), each held one with its signed record, added to a
generated clinic through the same bulk tables as `demo.generate`. No audit row, as there."""

from __future__ import annotations

import datetime
import random
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic, Membership, Role
from mesodesk.charting.models import SessionRecord
from mesodesk.clinic.planning import PlannedSession
from mesodesk.clinic.screening import screen
from mesodesk.courses.models import Course
from mesodesk.demo import bulk
from mesodesk.demo.draw import Drawn, pseudonym
from mesodesk.demo.generate import _sign
from mesodesk.demo.rows import WRITTEN, Ids, LotRef, Staff, sessions_draw, tables_new
from mesodesk.inventory.models import Lot
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.models import History, Patient, ScreeningSnapshot

EVENING = datetime.time(18, 30)  # after the generated half hours (08:00 to 18:00): no clash


@dataclass(frozen=True)
class LongCourse:
    pseudonym: str
    patient_id: int
    course_id: int
    sessions: int


def long_course_add(
    *, clinic: Clinic, sessions: int, every_days: int = 3, anchor: datetime.date | None = None, seed: int = 1
) -> LongCourse:
    """A new patient of `clinic` (a generated one: it needs its clinicians and lots) whose one
    course has `sessions` sessions, `every_days` apart, the last three after `anchor`."""
    anchor = anchor or datetime.date.today()  # noqa: DTZ011 - the clinic's day, as the generator's
    rng = random.Random(f"{seed}/long/{clinic.slug}/{sessions}")  # noqa: S311 - repeatable
    kb = load_knowledge()
    protocol = kb.protocol_by_code["skin_regeneration_8"]
    start = anchor - datetime.timedelta(days=every_days * (sessions - 3))
    planned = tuple(
        PlannedSession(n, day, day, day)
        for n, day in (
            (n, start + datetime.timedelta(days=every_days * (n - 1))) for n in range(1, sessions + 1)
        )
    )
    screening = screen({"age": 45, "indication": "skin_rejuvenation", "formulation": "mesolift"}, kb)
    drawn = Drawn(protocol=protocol, formulation="mesolift", maintenance=None, screening=screening,
                  sessions=planned, view="face_front")  # fmt: skip
    now = datetime.datetime.combine(anchor, datetime.time(7, 0), tzinfo=datetime.UTC)
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    with scopes_disabled(), transaction.atomic():
        clinician: Any = (
            Membership.objects.filter(clinic=clinic, role=Role.CLINICIAN.value)
            .select_related("user").order_by("user__username").first()
        )  # fmt: skip
        if clinician is None:
            raise ValueError("long_course_add needs a generated clinic, with its clinicians and lots")
        clinician = Staff(clinician.user.id, clinician.user.username)
        lots: dict[str, tuple[LotRef, ...]] = {}
        for lot in Lot.objects.filter(clinic=clinic).select_related("product").order_by("expires", "id"):
            key = lot.product.formulation or "plain"
            lots[key] = (*lots.get(key, ()), LotRef(lot.id, lot.received_on, lot.expires))
        ids = Ids({model: bulk.next_id(model) for model in WRITTEN})
        first_record = ids.next[SessionRecord]
        tables = tables_new(now)
        patient_id, course_id, snapshot_id = ids.take(Patient), ids.take(Course), ids.take(ScreeningSnapshot)
        name = pseudonym(seed, 999, sessions)
        tables[Patient].add((patient_id, clinic.id, name, "Longue", "Hélène", datetime.date(1980, 5, 17),
                             "female", "fr"))  # fmt: skip
        tables[History].add((ids.take(History), clinic.id, patient_id, 1, [], [], [], None, False,
                             "Un teint plus lumineux.", now, "Generated"))  # fmt: skip
        indication = "skin_rejuvenation"
        tables[ScreeningSnapshot].add((snapshot_id, clinic.id, patient_id, indication, "mesolift", 1,
                                       screening, now, "Generated"))  # fmt: skip
        tables[Course].add((course_id, clinic.id, patient_id, indication, protocol.code, protocol.name,
                            list(protocol.sources), None, "mesolift", clinician.id, snapshot_id,
                            now))  # fmt: skip

        def book(day: datetime.date) -> tuple[Staff, datetime.datetime]:
            return clinician, datetime.datetime.combine(day, EVENING, tzinfo=tz)

        sessions_draw(drawn, rng=rng, clinic_id=clinic.id, patient_id=patient_id, course_id=course_id,
                      tables=tables, ids=ids, book=book, lots=lots, now=now, anchor=anchor,
                      points=(8, 20))  # fmt: skip
        for table in tables.values():
            table.flush()
        _sign(clinic, first_record)  # this course's drafts only
        bulk.sequences_reset(WRITTEN)
    return LongCourse(pseudonym=name, patient_id=patient_id, course_id=course_id, sessions=sessions)
