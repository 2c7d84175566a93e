"""audit_record_many: several rows of one chain under one lock, chained as single rows are."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from mesodesk.accounts.audit import AuditLine, audit_record, audit_record_many, audit_verify
from mesodesk.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def batch(count: int, clinic_id: int = 1) -> list[AuditEvent]:
    return audit_record_many(
        actor_id=1,
        actor="alice",
        clinic_id=clinic_id,
        lines=[AuditLine("read", None, "patient", f"P{n}", {"via": "test"}) for n in range(count)],
    )


def test_a_batch_continues_the_chain_and_the_trail_verifies() -> None:
    single = audit_record(action="read", actor_id=1, actor="alice", clinic_id=1, object_id="before")
    rows = batch(3)
    after = audit_record(action="read", actor_id=1, actor="alice", clinic_id=1, object_id="after")
    assert rows[0].previous_hash == single.hash
    assert [r.previous_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert after.previous_hash == rows[-1].hash
    report = audit_verify()
    assert report.intact and report.checked == 5


def test_a_batch_stays_in_its_clinics_chain() -> None:
    batch(2, clinic_id=1)
    batch(2, clinic_id=2)
    assert set(AuditEvent.objects.filter(clinic_id=2).values_list("chain", flat=True)) == {2}
    assert audit_verify().intact


def test_nothing_to_write_writes_nothing(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert batch(0) == []


@pytest.mark.parametrize("count", [2, 40])
def test_a_batch_costs_the_same_queries_whatever_its_size(count: int, django_assert_num_queries: Any) -> None:
    # A savepoint and its release, the chain's last hash, one insert (PostgreSQL: and the lock).
    with django_assert_num_queries(4 + (connection.vendor == "postgresql")):
        batch(count)


def test_a_batch_larger_than_one_statement_takes_is_written_whole_and_chained() -> None:
    # SQLite takes a limited number of parameters a statement: the rows go in several, in order.
    rows = batch(3000)
    assert AuditEvent.objects.count() == 3000
    ids = list(AuditEvent.objects.order_by("id").values_list("hash", flat=True))
    assert ids == [r.hash for r in rows]
    assert audit_verify().intact
