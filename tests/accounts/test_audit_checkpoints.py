"""The keyed hashes and the signed checkpoints: what `audit verify` says about each way of
rewriting the trail behind the application's back (issue 10's three probes among them)."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from mesodesk.accounts.audit import audit_record, audit_verify, canonical, key_id_of
from mesodesk.accounts.checkpoints import checkpoint_compare, checkpoint_latest, checkpoint_write
from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.accounts.tasks import audit_checkpoint_schedule
from tests.accounts.test_audit import _drop_guards


@pytest.fixture
def checkpoints(settings: Any, tmp_path: Path) -> Path:
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return tmp_path / "checkpoints"


@pytest.fixture
def chain_a(clinic_a: Clinic, checkpoints: Path) -> Iterator[list[AuditEvent]]:
    yield [
        audit_record(action="read", actor_id=1, actor="alice", clinic_id=clinic_a.pk, object_id=f"P-{i}")
        for i in range(5)
    ]


def verify_says() -> str:
    """What `audit verify` prints and raises, as one text."""
    try:
        call_command("audit", "verify", stdout=(out := _Buffer()))
    except CommandError as exc:
        return out.text + f"ERROR {exc}"
    return out.text


class _Buffer:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text + "\n"

    def flush(self) -> None:
        pass


def plain_sha256(previous_hash: str, row: AuditEvent) -> str:
    """The old, unkeyed rule: what someone without the key can compute."""
    payload = {
        "at": row.at.isoformat(),
        "actor_id": row.actor_id,
        "actor": row.actor,
        "clinic_id": row.clinic_id,
        "patient_id": row.patient_id,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "detail": row.detail,
        "chain": row.chain,
        "key": row.key_id,
    }
    return hashlib.sha256((previous_hash + canonical(payload)).encode()).hexdigest()


def rewrite_from(events: list[AuditEvent], index: int, actor: str) -> None:
    """Edit one row and recompute every hash after it, as issue 10's probe did."""
    _drop_guards()
    previous = events[index].previous_hash
    with connection.cursor() as cursor:
        for i, row in enumerate(AuditEvent.objects.filter(chain=events[0].chain).order_by("id")):
            if i < index:
                continue
            if i == index:
                row.actor = actor
            new = plain_sha256(previous, row)
            cursor.execute(
                "UPDATE accounts_auditevent SET actor = %s, previous_hash = %s, hash = %s WHERE id = %s",
                [row.actor, previous, new, row.pk],
            )
            previous = new


def delete_rows(*ids: int) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        else:
            cursor.execute("ALTER TABLE accounts_auditevent DISABLE TRIGGER audit_no_change")
        for pk in ids:
            cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [pk])


@pytest.mark.django_db
def test_an_intact_trail_with_a_checkpoint_is_reported_intact(chain_a: list[AuditEvent]) -> None:
    path = checkpoint_write()
    audit_record(action="read", actor_id=1, actor="alice", clinic_id=chain_a[0].clinic_id)  # after it: fine
    said = verify_says()
    assert "audit trail intact: 6 events checked in 1 chains" in said
    assert f"compared with checkpoint {path.name}" in said and "ERROR" not in said


@pytest.mark.django_db
def test_without_a_checkpoint_verify_says_a_deleted_tail_cannot_be_seen(chain_a: list[AuditEvent]) -> None:
    assert "no checkpoint in" in verify_says()


@pytest.mark.django_db
def test_deleting_the_last_rows_is_reported_against_the_checkpoint(chain_a: list[AuditEvent]) -> None:
    checkpoint_write()
    delete_rows(chain_a[3].pk, chain_a[4].pk)
    assert audit_verify().intact  # the rows left still hold: only the checkpoint knows
    said = verify_says()
    assert "events were deleted from the end of the chain" in said
    assert f"the checkpoint counted 5 events up to event {chain_a[4].pk}, the database holds 3" in said
    assert said.splitlines()[-1].startswith("ERROR audit trail not intact")


@pytest.mark.django_db
def test_no_new_checkpoint_anchors_a_shortened_chain(chain_a: list[AuditEvent], checkpoints: Path) -> None:
    checkpoint_write()
    delete_rows(chain_a[4].pk)
    with pytest.raises(CommandError, match="no checkpoint written: the database does not match"):
        call_command("audit", "checkpoint", stdout=_Buffer())
    assert len(list(checkpoints.glob("*.json"))) == 1
    assert "events were deleted from the end of the chain" in verify_says()


@pytest.mark.django_db
def test_deleting_the_tail_then_writing_on_is_still_reported(chain_a: list[AuditEvent]) -> None:
    checkpoint_write()
    delete_rows(chain_a[4].pk)
    audit_record(action="read", actor_id=1, actor="alice", clinic_id=chain_a[0].clinic_id)
    assert f"event {chain_a[4].pk}, the chain's head at the checkpoint, is missing" in verify_says()


@pytest.mark.django_db
def test_an_edit_with_every_later_hash_recomputed_is_found_without_the_key(chain_a: list[AuditEvent]) -> None:
    checkpoint_write()
    rewrite_from(chain_a, 2, "mallory")
    report = audit_verify()
    assert report.broken_at == chain_a[2].pk and report.checked == 2
    said = verify_says()
    assert f"broken at event {chain_a[2].pk}" in said and "forged without the key" in said
    assert "the chain up to it was rewritten" in said  # and the checkpoint's head changed too


@pytest.mark.django_db
def test_a_forged_row_appended_with_a_recomputed_hash_is_found(chain_a: list[AuditEvent]) -> None:
    head = chain_a[-1]
    forged = AuditEvent(
        chain=head.chain,
        at=head.at,
        actor="mallory",
        clinic_id=head.clinic_id,
        action="read",
        previous_hash=head.hash,
        key_id=head.key_id,
    )
    forged.hash = plain_sha256(head.hash, forged)
    forged.save(force_insert=True)
    assert audit_verify().broken_at == forged.pk
    assert "forged without the key" in verify_says()


@pytest.mark.django_db
def test_reordered_rows_break_the_chain(chain_a: list[AuditEvent]) -> None:
    _drop_guards()
    first, second = chain_a[1].pk, chain_a[2].pk
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET id = %s WHERE id = %s", [-first, first])
        cursor.execute("UPDATE accounts_auditevent SET id = %s WHERE id = %s", [first, second])
        cursor.execute("UPDATE accounts_auditevent SET id = %s WHERE id = %s", [second, -first])
    report = audit_verify()
    assert report.broken_at == first
    assert "previous hash is not the hash of the row before it" in report.broken[0].reason


@pytest.mark.django_db
def test_a_truncated_chain_is_reported(chain_a: list[AuditEvent]) -> None:
    checkpoint_write()
    delete_rows(*(e.pk for e in chain_a))
    said = verify_says()
    assert "the chain is gone" in said and "the database holds none" in said


@pytest.mark.django_db
def test_a_chain_cut_at_its_start_is_reported(chain_a: list[AuditEvent]) -> None:
    delete_rows(chain_a[0].pk)
    assert audit_verify().broken_at == chain_a[1].pk


@pytest.mark.django_db
def test_an_edited_or_foreign_checkpoint_is_not_trusted(chain_a: list[AuditEvent], checkpoints: Path) -> None:
    good = checkpoint_write()
    delete_rows(chain_a[4].pk)
    # Someone edits a newer checkpoint to match the shortened chain: its signature fails,
    # so the older, genuine one is used, and the deletion is still reported.
    newer = checkpoints / "audit-checkpoint-99990101T000000000000Z.json"
    data = json.loads(good.read_text())
    data["chains"][0].update(count=4, last_id=chain_a[3].pk, hash=chain_a[3].hash)
    newer.write_text(json.dumps(data))
    checkpoint, problems = checkpoint_latest()
    assert checkpoint is not None and checkpoint.path == good
    assert [p.problem for p in problems] == [f"checkpoint {newer.name} is not used: its signature does not hold: "
                                             "it was edited, or not written with the audit key"]  # fmt: skip
    assert checkpoint_compare(checkpoint)
    said = verify_says()
    assert "its signature does not hold" in said and "events were deleted from the end" in said


@pytest.mark.django_db
def test_a_rotated_key_signs_new_rows_and_old_rows_still_verify(chain_a: list[AuditEvent]) -> None:
    old = chain_a[0].key_id
    with override_settings(AUDIT_KEYS=[*settings.AUDIT_KEYS, "a-new-key"]):
        newer = audit_record(action="read", actor_id=1, actor="alice", clinic_id=chain_a[0].clinic_id)
        assert newer.key_id == key_id_of("a-new-key") != old
        assert newer.previous_hash == chain_a[-1].hash
        checkpoint_write()
        assert audit_verify().intact and audit_verify().checked == 6
    # Without the retired key the old rows cannot be checked, and verify says which key is missing.
    with override_settings(AUDIT_KEYS=["a-new-key"]):
        report = audit_verify()
        assert report.broken_at == chain_a[0].pk
        assert f"a key this installation does not hold ({old!r})" in report.broken[0].reason


@pytest.mark.django_db
def test_audit_checkpoint_writes_one_and_the_worker_keeps_writing_them(
    chain_a: list[AuditEvent], checkpoints: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    call_command("audit", "checkpoint", stdout=_Buffer())
    assert len(list(checkpoints.glob("*.json"))) == 1
    assert audit_checkpoint_schedule(first_in=datetime.timedelta(0))
    assert not audit_checkpoint_schedule()  # one waits already: never two schedules
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    written = sorted(checkpoints.glob("*.json"))
    assert len(written) == 2
    latest, _ = checkpoint_latest()
    assert latest is not None and latest.heads[0].last_id == chain_a[-1].pk and latest.heads[0].count == 5
    assert not audit_checkpoint_schedule()  # the run queued the next one


def test_mesodesk_worker_queues_the_checkpoint_before_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    from mesodesk import manage

    calls: list[list[str]] = []
    monkeypatch.setattr(manage, "_django", lambda argv: calls.append(argv) or 0)
    assert manage.run("worker", ["--batch"]) == 0
    assert calls == [
        ["audit", "schedule"],
        ["outcome_links", "schedule"],
        ["registry_datasets", "schedule"],
        ["db_worker", "--batch"],
    ]
