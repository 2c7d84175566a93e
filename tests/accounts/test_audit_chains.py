"""One audit chain per clinic: independent, verified one by one, never forked."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, connections, transaction

from mesodesk.accounts.audit import _PG_LOCK_SPACE, GENESIS, audit_record, audit_sign, audit_verify, row_hash
from mesodesk.accounts.models import NO_CLINIC_CHAIN, AuditEvent, Clinic
from tests.accounts.test_audit import _drop_guards


def event(clinic_id: int | None, object_id: str) -> AuditEvent:
    return audit_record(
        action="read",
        actor_id=1,
        actor="alice",
        clinic_id=clinic_id,
        object_type="patient",
        object_id=object_id,
    )


@pytest.fixture
def interleaved(clinic_a: Clinic, clinic_b: Clinic) -> dict[int, list[AuditEvent]]:
    """Two clinics writing in turn, and a failed sign-in that belongs to no clinic."""
    written: dict[int, list[AuditEvent]] = {clinic_a.pk: [], clinic_b.pk: [], NO_CLINIC_CHAIN: []}
    for i in range(3):
        written[clinic_a.pk].append(event(clinic_a.pk, f"a{i}"))
        written[clinic_b.pk].append(event(clinic_b.pk, f"b{i}"))
    written[NO_CLINIC_CHAIN].append(
        audit_record(action="failed_sign_in", actor_id=None, actor="nobody-we-know")
    )
    return written


@pytest.mark.django_db
def test_two_clinics_events_form_two_independent_chains_from_the_genesis(
    interleaved: dict[int, list[AuditEvent]],
) -> None:
    for chain, events in interleaved.items():
        assert [e.chain for e in events] == [chain] * len(events)
        assert events[0].previous_hash == GENESIS
        for before, after in zip(events, events[1:], strict=False):
            assert after.previous_hash == before.hash  # not the other clinic's row written between
    report = audit_verify()
    assert report.intact and report.checked == 7
    assert {c.chain: c.checked for c in report.chains} == {chain: len(e) for chain, e in interleaved.items()}


@pytest.mark.django_db
def test_the_row_hash_covers_the_chain(interleaved: dict[int, list[AuditEvent]], clinic_a: Clinic) -> None:
    row = interleaved[clinic_a.pk][0]
    moved = AuditEvent(**{f.attname: getattr(row, f.attname) for f in AuditEvent._meta.concrete_fields})
    moved.chain = 999
    assert row_hash(row.previous_hash, moved) != row.hash == row_hash(row.previous_hash, row)


@pytest.mark.django_db
def test_tampering_one_clinics_row_names_that_chain_and_row_and_leaves_the_other_intact(
    interleaved: dict[int, list[AuditEvent]], clinic_a: Clinic, clinic_b: Clinic
) -> None:
    tampered = interleaved[clinic_b.pk][1]
    _drop_guards()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET object_id = 'tampered' WHERE id = %s", [tampered.pk])

    report = audit_verify()
    assert not report.intact and report.broken_at == tampered.pk
    broken = report.chain(clinic_b.pk)
    assert broken is not None and (broken.broken_at, broken.checked) == (tampered.pk, 1)
    assert "content does not match" in broken.reason
    assert [c.chain for c in report.broken] == [clinic_b.pk]
    for chain in (clinic_a.pk, NO_CLINIC_CHAIN):
        intact = report.chain(chain)
        assert intact is not None and intact.intact and intact.checked == len(interleaved[chain])

    out = StringIO()
    with pytest.raises(CommandError, match=f"broken at event {tampered.pk} in clinic {clinic_b.pk}'s chain"):
        call_command("audit", "verify", stdout=out)
    lines = out.getvalue()
    assert f"chain {clinic_a.pk}, clinic {clinic_a.pk}'s chain (Clinique A): 3 events, intact" in lines
    assert (
        f"chain {clinic_b.pk}, clinic {clinic_b.pk}'s chain (Clinique B): broken at event {tampered.pk}"
        in lines
    )


@pytest.mark.django_db
def test_a_row_removed_from_one_clinics_chain_breaks_the_next_link_there_only(
    interleaved: dict[int, list[AuditEvent]], clinic_a: Clinic, clinic_b: Clinic
) -> None:
    removed, following = interleaved[clinic_a.pk][0], interleaved[clinic_a.pk][1]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_no_delete")
        else:
            cursor.execute("ALTER TABLE accounts_auditevent DISABLE TRIGGER audit_no_change")
        cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [removed.pk])
    report = audit_verify()
    assert [(c.chain, c.broken_at) for c in report.broken] == [(clinic_a.pk, following.pk)]
    other = report.chain(clinic_b.pk)
    assert other is not None and other.intact


@pytest.mark.django_db
def test_the_command_reports_each_chains_count_when_the_trail_is_intact(
    interleaved: dict[int, list[AuditEvent]], clinic_a: Clinic, clinic_b: Clinic
) -> None:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    text = out.getvalue()
    assert f"chain {clinic_a.pk}, clinic {clinic_a.pk}'s chain (Clinique A): 3 events, intact" in text
    assert f"chain {clinic_b.pk}, clinic {clinic_b.pk}'s chain (Clinique B): 3 events, intact" in text
    assert "chain 0, the chain of events without a clinic: 1 events, intact" in text
    assert "audit trail intact: 7 events checked in 3 chains" in text


@pytest.mark.django_db
def test_a_fork_in_a_chain_is_refused_by_the_database(
    interleaved: dict[int, list[AuditEvent]], clinic_a: Clinic, clinic_b: Clinic
) -> None:
    first = interleaved[clinic_a.pk][0]
    fork = AuditEvent(
        chain=clinic_a.pk,
        clinic_id=clinic_a.pk,
        at=first.at,
        actor="mallory",
        action="read",
        previous_hash=first.previous_hash,  # a second successor of the genesis in this chain
    )
    audit_sign(fork)
    with pytest.raises(IntegrityError), transaction.atomic():
        fork.save(force_insert=True)
    # The same previous hash in two chains is no fork: every chain starts at the genesis.
    assert interleaved[clinic_b.pk][0].previous_hash == first.previous_hash == GENESIS


@pytest.mark.django_db
def test_a_row_cannot_be_filed_in_another_clinics_chain(clinic_a: Clinic, clinic_b: Clinic) -> None:
    stray = AuditEvent(chain=clinic_b.pk, clinic_id=clinic_a.pk, at=event(None, "x").at, action="read")
    stray.previous_hash = GENESIS
    stray.hash = row_hash(GENESIS, stray)
    with pytest.raises(IntegrityError), transaction.atomic():
        stray.save(force_insert=True)


def _try_locks_from_another_connection(keys: list[tuple[int, int]]) -> list[bool]:
    """Whether another session could take each advisory lock now, without waiting for it."""
    taken: list[bool] = []

    def run() -> None:
        other = connections["default"]  # connections are per thread: this one is new
        try:
            with other.cursor() as cursor:
                for space, key in keys:
                    cursor.execute("SELECT pg_try_advisory_lock(%s::integer, %s::integer)", [space, key])
                    taken.append(cursor.fetchone()[0])
                cursor.execute("SELECT pg_advisory_unlock_all()")
        finally:
            other.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return taken


@pytest.mark.django_db
def test_a_clinics_writer_holds_its_own_chains_lock_only(clinic_a: Clinic, clinic_b: Clinic) -> None:
    """On PostgreSQL, clinic B's writers do not wait while clinic A's transaction is open."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one write lock for the whole database, taken at BEGIN")
    with transaction.atomic():
        event(clinic_a.pk, "a")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT classid::int, objid::int FROM pg_locks "
                "WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objsubid = 2"
            )
            assert cursor.fetchall() == [(_PG_LOCK_SPACE, clinic_a.pk)]
        free_for_b, free_for_a = _try_locks_from_another_connection(
            [(_PG_LOCK_SPACE, clinic_b.pk), (_PG_LOCK_SPACE, clinic_a.pk)]
        )
        assert free_for_b and not free_for_a
