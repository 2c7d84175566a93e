"""Migration 0003 (a chain per clinic) keeps the rows written before it verifiable, and the
table append-only: on SQLite it rebuilds the table, which drops the table's triggers."""

from __future__ import annotations

import datetime
import hashlib
import importlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from mesodesk.accounts.audit import GENESIS, audit_record, audit_verify, signing_key
from mesodesk.accounts.models import LEGACY_CHAIN, AuditEvent
from tests.accounts.test_audit import _drop_guards

MIGRATION = importlib.import_module("mesodesk.accounts.migrations.0003_audit_chain_per_clinic")
BEFORE = [("accounts", "0002_audit_append_only")]
AT_0003 = [("accounts", "0003_audit_chain_per_clinic")]
# SQLite rebuilds tables with foreign key checks off, which it cannot do inside a transaction:
# there the test commits, and cleans up after itself. PostgreSQL migrates inside the test's
# transaction, rolled back at its end (a transactional test could not be flushed there: TRUNCATE
# of the audit table is refused).
ON_SQLITE = connection.vendor == "sqlite"


def legacy_hash(previous_hash: str, row: Any) -> str:
    """The hash as it was computed before chains: this copy must never follow accounts.audit."""
    payload = {
        "at": row.at.astimezone(datetime.UTC).isoformat(),
        "actor_id": row.actor_id,
        "actor": row.actor,
        "clinic_id": row.clinic_id,
        "patient_id": row.patient_id,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "detail": row.detail,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((previous_hash + text).encode()).hexdigest()


def migrate(targets: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def refused(sql: str, pk: int) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [pk])
    except DatabaseError:
        return True
    return False


UPDATE = "UPDATE accounts_auditevent SET actor = 'mallory' WHERE id = %s"
DELETE = "DELETE FROM accounts_auditevent WHERE id = %s"


@pytest.fixture
def back_at_0002() -> Iterator[MigrationExecutor]:
    executor = migrate(BEFORE)
    try:
        yield executor
    finally:
        migrate()  # every app at its latest again, whatever happened in the test
        if ON_SQLITE:
            # What this test committed must go, for the flush after it; the triggers come back.
            with connection.cursor() as cursor:
                cursor.execute("DROP TRIGGER IF EXISTS audit_no_update")
                cursor.execute("DROP TRIGGER IF EXISTS audit_no_delete")
                cursor.execute("DELETE FROM accounts_auditevent")
                for sql in MIGRATION.SQLITE_TRIGGERS:
                    cursor.execute(sql)


@pytest.mark.django_db(transaction=ON_SQLITE)
def test_rows_of_the_single_chain_stay_verifiable_and_new_rows_start_per_clinic_chains(
    back_at_0002: MigrationExecutor,
) -> None:
    OldEvent = back_at_0002.loader.project_state(BEFORE).apps.get_model("accounts", "AuditEvent")  # noqa: N806
    legacy, previous = [], GENESIS
    for i, clinic_id in enumerate((1, 2, None, 1)):
        row = OldEvent(
            at=timezone.now(),
            actor_id=1,
            actor="alice",
            clinic_id=clinic_id,
            action="read",
            object_type="patient",
            object_id=f"P-{i}",
            detail={"n": i},
            previous_hash=previous,
        )
        row.hash = legacy_hash(previous, row)
        row.save(force_insert=True)
        legacy.append(row)
        previous = row.hash
    # Going back rebuilt the table on SQLite: 0003's reverse put the triggers back.
    assert refused(UPDATE, legacy[0].pk) and refused(DELETE, legacy[0].pk)

    migrate(AT_0003)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, chain, previous_hash, hash FROM accounts_auditevent ORDER BY id")
        rows = cursor.fetchall()
    assert rows == [(r.pk, LEGACY_CHAIN, r.previous_hash, r.hash) for r in legacy]  # nothing rewritten

    migrate()  # 0005 re-signs them with the installation's key, which verify then checks

    rows = list(AuditEvent.objects.order_by("id").values_list("id", "chain", "key_id", "hash"))
    assert [(pk, chain) for pk, chain, _, _ in rows] == [(r.pk, LEGACY_CHAIN) for r in legacy]
    assert {key_id for _, _, key_id, _ in rows} == {signing_key()[0]}
    assert not {h for *_, h in rows} & {r.hash for r in legacy}
    report = audit_verify()
    assert report.intact and [(c.chain, c.checked) for c in report.chains] == [(LEGACY_CHAIN, 4)]

    first_of_clinic_1 = audit_record(action="read", actor_id=1, actor="alice", clinic_id=1)
    assert (first_of_clinic_1.chain, first_of_clinic_1.previous_hash) == (1, GENESIS)
    report = audit_verify()
    assert report.intact and [(c.chain, c.checked) for c in report.chains] == [(LEGACY_CHAIN, 4), (1, 1)]

    # The table is append-only after the migration, for old rows and new ones.
    for pk in (legacy[1].pk, first_of_clinic_1.pk):
        assert refused(UPDATE, pk) and refused(DELETE, pk)
    assert AuditEvent.objects.count() == 5

    # And the legacy chain is still checked link by link.
    _drop_guards()
    with connection.cursor() as cursor:
        cursor.execute(UPDATE, [legacy[2].pk])
    report = audit_verify()
    assert [(c.chain, c.broken_at, c.checked) for c in report.broken] == [(LEGACY_CHAIN, legacy[2].pk, 2)]


@pytest.mark.django_db(transaction=ON_SQLITE)
def test_a_trail_already_broken_is_not_re_signed_so_the_break_is_not_hidden(
    back_at_0002: MigrationExecutor,
) -> None:
    OldEvent = back_at_0002.loader.project_state(BEFORE).apps.get_model("accounts", "AuditEvent")  # noqa: N806
    previous = GENESIS
    rows = []
    for i in range(3):
        row = OldEvent(
            at=timezone.now(), actor="alice", action="read", object_id=f"P-{i}", previous_hash=previous
        )
        row.hash = legacy_hash(previous, row)
        row.save(force_insert=True)
        rows.append(row)
        previous = row.hash
    migrate(AT_0003)
    _drop_guards()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET actor = 'mallory' WHERE id = %s", [rows[1].pk])
    with pytest.raises(RuntimeError, match=f"broken at event {rows[1].pk}"):
        migrate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT hash FROM accounts_auditevent ORDER BY id")
        assert [h for (h,) in cursor.fetchall()] == [r.hash for r in rows]  # nothing re-signed
        # The broken rows go, so that the fixture can migrate forward again.
        if ON_SQLITE:
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        cursor.execute("DELETE FROM accounts_auditevent")
