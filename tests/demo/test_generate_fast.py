"""The generator's fast path (demo.fastpath, outcomes written from what was drawn): the same
rows as before it, the signed-record guard whole after the run and checked during it, and
every foreign key valid."""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django_scopes import scopes_disabled

from mesodesk.charting.models import InjectionPoint, SessionRecord, Syringe, SyringeLot
from mesodesk.demo import fastpath
from mesodesk.demo.generate import generate
from mesodesk.outcomes.models import OutcomeLink

pytestmark = pytest.mark.django_db
ANCHOR = datetime.date(2026, 11, 24)
# What the generator made from this seed before the fast path (commit 6a3651e, same anchor).
BEFORE = {
    "Patient": 30, "History": 26, "ScreeningSnapshot": 40, "Course": 40, "CourseSession": 337,
    "Appointment": 312, "SessionRecord": 307, "Syringe": 307, "SyringeLot": 307, "InjectionPoint": 5855,
    "AdverseEvent": 34, "OutcomeResponse": 282,
}  # fmt: skip
LINKS_BEFORE = 91


@pytest.fixture
def generated() -> dict[str, int]:
    made = generate(size="m", seed=5, clinics=2, patients=30, anchor=ANCHOR, progress=False)
    rows: dict[str, int] = made["rows"]
    return rows


def test_a_tiny_run_makes_exactly_the_rows_it_made_before(generated: dict[str, int]) -> None:
    assert generated == BEFORE
    with scopes_disabled():
        assert OutcomeLink.objects.count() == LINKS_BEFORE
        assert SessionRecord.objects.filter(status="signed").count() == BEFORE["SessionRecord"]


def test_the_foreign_keys_hold_and_the_database_is_whole(generated: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchall() == [("ok",)]
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # deferred keys checked now


def test_the_guard_is_back_after_the_run_a_signed_records_parts_are_refused(
    generated: dict[str, int],
) -> None:
    with scopes_disabled():
        point = InjectionPoint.objects.select_related("record").first()
    assert point is not None and point.record.status == "signed"
    with pytest.raises(DatabaseError, match="signed"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO charting_syringe (clinic_id, record_id, label) VALUES (%s, %s, %s)",
                [point.clinic_id, point.record_id, "B"],
            )


def test_a_part_written_on_a_signed_record_while_the_guard_is_lifted_is_caught(
    generated: dict[str, int],
) -> None:
    with scopes_disabled():
        signed = SessionRecord.objects.order_by("id").first()
        assert signed is not None and signed.status == "signed"
        first = {
            model: (model.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
            for model in (Syringe, SyringeLot, InjectionPoint, SessionRecord)
        }
        fastpath.guard_check(first)  # nothing written since: nothing wrong
        with pytest.raises(fastpath.GuardBroken, match="Syringe: 1 rows"), transaction.atomic():
            with fastpath.guard_lifted(first), connection.cursor() as cursor:  # as the bulk writer, raw
                cursor.execute(
                    "INSERT INTO charting_syringe (id, clinic_id, record_id, label) VALUES (%s, %s, %s, %s)",
                    [first[Syringe], signed.clinic_id, signed.pk, "Z"],
                )
        assert not Syringe.objects.filter(label="Z").exists()
