"""The tamper suite: 1,000 random rewrites of the audit table behind the application's back
(raw SQL, with the append-only triggers lifted, as the database's owner could), each of
which `audit verify` must report, by its keyed hashes or against the latest checkpoint.

The forger has everything but the key: the rows, the hashing rule, the key ids. Each case
runs in a savepoint rolled back afterwards, so every case starts from the same trail.
The one thing no checkpoint can see is the loss of events written after it: cases delete
tails only into what the checkpoint covers (docs/operations.md says so).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from mesodesk.accounts.audit import audit_record, audit_verify, canonical
from mesodesk.accounts.checkpoints import Checkpoint, checkpoint_compare, checkpoint_latest, checkpoint_write
from mesodesk.accounts.models import NO_CLINIC_CHAIN, AuditEvent, Clinic

CASES = 1000
SEED = 20261123
TABLE = "accounts_auditevent"


@dataclass(frozen=True)
class Row:
    id: int
    chain: int
    clinic_id: int | None
    previous_hash: str
    hash: str
    key_id: str
    event: AuditEvent


class Forger:
    """Someone with the database's rights but not the key, picking one of these per case."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rule = rng.choice(["sha256", "hmac_guessed_key", "hmac_other_key_id"])
        self.key = secrets.token_urlsafe(16)

    def sign(self, previous_hash: str, event: AuditEvent, key_id: str) -> tuple[str, str]:
        if self.rule == "hmac_other_key_id":
            key_id = hashlib.sha256(self.key.encode()).hexdigest()[:8]
        payload = {
            "at": event.at.astimezone(datetime.UTC).isoformat(),
            "actor_id": event.actor_id,
            "actor": event.actor,
            "clinic_id": event.clinic_id,
            "patient_id": event.patient_id,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "detail": event.detail,
            "chain": event.chain,
            "key": key_id,
        }
        text = previous_hash + canonical(payload)
        if self.rule == "sha256":
            return hashlib.sha256(text.encode()).hexdigest(), key_id
        return hmac.new(self.key.encode(), text.encode(), hashlib.sha256).hexdigest(), key_id


def sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def json_param() -> str:
    return "%s::jsonb" if connection.vendor == "postgresql" else "%s"


def lift_guards() -> None:
    """Lifted inside the test's transaction: rolled back with it."""
    if connection.vendor == "sqlite":
        sql("DROP TRIGGER audit_no_update", [])
        sql("DROP TRIGGER audit_no_delete", [])
    else:
        sql(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_no_change", [])


def resign_from(rows: list[Row], start: int, previous: str, forger: Forger) -> None:
    """Recompute every hash from rows[start] on, each row re-read as it now is. Their links are
    parked first: a relinked row may take a link that a row not yet redone still holds."""
    for row in rows[start:]:
        sql(f"UPDATE {TABLE} SET previous_hash = %s WHERE id = %s", [f"parked-{row.id}", row.id])  # noqa: S608
    for row in rows[start:]:
        event = AuditEvent.objects.get(pk=row.id)
        new, key_id = forger.sign(previous, event, row.key_id)
        relink = f"UPDATE {TABLE} SET previous_hash = %s, hash = %s, key_id = %s WHERE id = %s"  # noqa: S608
        sql(relink, [previous, new, key_id, row.id])
        previous = new


def edit_value(rng: random.Random, row: Row) -> tuple[str, Any, str]:
    """(column, a different value, placeholder) for one field of the row."""
    e = row.event
    column = rng.choice(
        ["actor", "object_id", "object_type", "action", "patient_id", "actor_id", "detail", "at"]
    )
    if column == "detail":
        return column, json.dumps({**e.detail, "x": rng.randint(0, 9)}), json_param()
    if column == "at":
        return column, e.at + datetime.timedelta(seconds=rng.randint(1, 86_400)), "%s"
    if column in ("patient_id", "actor_id"):
        return column, (getattr(e, column) or 0) + rng.randint(1, 1000), "%s"
    if column == "action":
        return column, rng.choice([a for a in ("read", "update", "export", "sign") if a != e.action]), "%s"
    return column, f"{getattr(e, column)}-{rng.randint(0, 9)}", "%s"


def tamper_edit(rng: random.Random, chains: dict[int, list[Row]], checkpoint: Checkpoint) -> str:
    rows = rng.choice(list(chains.values()))
    index = rng.randrange(len(rows))
    column, value, placeholder = edit_value(rng, rows[index])
    sql(f"UPDATE {TABLE} SET {column} = {placeholder} WHERE id = %s", [value, rows[index].id])  # noqa: S608
    if rng.random() < 0.6:  # and recompute this hash and every later one, as the probe did
        resign_from(rows, index, rows[index].previous_hash, Forger(rng))
    return f"edit {column} of event {rows[index].id}"


def tamper_delete_tail(rng: random.Random, chains: dict[int, list[Row]], checkpoint: Checkpoint) -> str:
    chain, rows = rng.choice(list(chains.items()))
    head = next(h for h in checkpoint.heads if h.chain == chain)
    covered = [r for r in rows if r.id <= head.last_id]
    # From somewhere within the checkpoint's part to the end: at least its head goes.
    start = rng.randrange(len(covered))
    for row in rows[start:]:
        sql(f"DELETE FROM {TABLE} WHERE id = %s", [row.id])  # noqa: S608
    return f"delete the last {len(rows) - start} events of chain {chain}"


def tamper_delete_inside(rng: random.Random, chains: dict[int, list[Row]], checkpoint: Checkpoint) -> str:
    rows = rng.choice(list(chains.values()))
    index = rng.randrange(len(rows) - 1)
    sql(f"DELETE FROM {TABLE} WHERE id = %s", [rows[index].id])  # noqa: S608
    if rng.random() < 0.6:  # relink the next row and recompute from there
        resign_from(rows, index + 1, rows[index].previous_hash, Forger(rng))
    return f"delete event {rows[index].id}"


def tamper_truncate(rng: random.Random, chains: dict[int, list[Row]], checkpoint: Checkpoint) -> str:
    chain, rows = rng.choice(list(chains.items()))
    count = rng.randint(1, len(rows))  # the first `count` events, or all of them
    for row in rows[:count]:
        sql(f"DELETE FROM {TABLE} WHERE id = %s", [row.id])  # noqa: S608
    if count < len(rows) and rng.random() < 0.6:  # and make what is left start at the genesis
        resign_from(rows, count, "0" * 64, Forger(rng))
    return f"delete the first {count} events of chain {chain}"


def tamper_reorder(rng: random.Random, chains: dict[int, list[Row]], checkpoint: Checkpoint) -> str:
    rows = rng.choice(list(chains.values()))
    a, b = rng.sample(rows, 2)
    parked = -a.id  # ids are positive: a negative one is free
    sql(f"UPDATE {TABLE} SET id = %s WHERE id = %s", [parked, a.id])  # noqa: S608
    sql(f"UPDATE {TABLE} SET id = %s WHERE id = %s", [a.id, b.id])  # noqa: S608
    sql(f"UPDATE {TABLE} SET id = %s WHERE id = %s", [b.id, parked])  # noqa: S608
    if rng.random() < 0.5:  # and relink the new order, recomputing every hash from the first moved
        ordered = sorted(rows, key=lambda r: r.id)
        first = ordered.index(min(a, b, key=lambda r: r.id))
        resign_from(ordered, first, ordered[first - 1].hash if first else "0" * 64, Forger(rng))
    return f"swap events {a.id} and {b.id}"


def tamper_forge(rng: random.Random, chains: dict[int, list[Row]], checkpoint: Checkpoint) -> str:
    chain, rows = rng.choice(list(chains.items()))
    head = rows[-1]
    forger = Forger(rng)
    event = AuditEvent(
        chain=chain,
        at=head.event.at + datetime.timedelta(seconds=1),
        actor=rng.choice(["mallory", head.event.actor]),
        actor_id=head.event.actor_id,
        clinic_id=head.clinic_id,
        patient_id=head.event.patient_id,
        action=rng.choice(["read", "export", "update"]),
        object_type="patient",
        object_id=f"P-{rng.randint(1, 99)}",
        detail={},
        previous_hash=head.hash,
    )
    event.hash, event.key_id = forger.sign(head.hash, event, head.key_id)
    event.save(force_insert=True)  # appending is what the application itself may do
    return f"append a forged event to chain {chain} ({forger.rule})"


def tamper_move(rng: random.Random, chains: dict[int, list[Row]], checkpoint: Checkpoint) -> str:
    (source, rows), (target, _) = rng.sample(list(chains.items()), 2)
    row = rng.choice(rows[1:])  # a chain's first row links to the genesis, which the other chain has
    clinic_id = None if target == NO_CLINIC_CHAIN else target
    sql(f"UPDATE {TABLE} SET chain = %s, clinic_id = %s WHERE id = %s", [target, clinic_id, row.id])  # noqa: S608
    return f"move event {row.id} from chain {source} to chain {target}"


def tamper_key_id(rng: random.Random, chains: dict[int, list[Row]], checkpoint: Checkpoint) -> str:
    rows = rng.choice(list(chains.values()))
    row = rng.choice(rows)
    sql(f"UPDATE {TABLE} SET key_id = %s WHERE id = %s", [secrets.token_hex(4), row.id])  # noqa: S608
    return f"change the key id of event {row.id}"


TAMPERINGS: list[Callable[[random.Random, dict[int, list[Row]], Checkpoint], str]] = [
    tamper_edit,
    tamper_delete_tail,
    tamper_delete_inside,
    tamper_truncate,
    tamper_reorder,
    tamper_forge,
    tamper_move,
    tamper_key_id,
]


def detected(checkpoint: Checkpoint) -> bool:
    return not audit_verify().intact or bool(checkpoint_compare(checkpoint))


@pytest.mark.django_db
def test_every_one_of_a_thousand_random_tamperings_is_detected(
    clinic_a: Clinic, clinic_b: Clinic, settings: Any, tmp_path: Path
) -> None:
    settings.AUDIT_CHECKPOINT_DIR = tmp_path
    rng = random.Random(SEED)
    for i in range(24):  # three chains, interleaved as clinics write
        clinic_id = [clinic_a.pk, clinic_b.pk, None][i % 3]
        audit_record(action="read", actor_id=i % 4 or None, actor=f"user{i % 4}", clinic_id=clinic_id,
                     patient_id=rng.choice([None, 7, 8]), object_type="patient", object_id=f"P-{i}",
                     detail={"where": "list"} if i % 2 else {})  # fmt: skip
        if i == 19:
            checkpoint_write()  # the last events come after the checkpoint, as they do in life
    checkpoint, _ = checkpoint_latest()
    assert checkpoint is not None and detected(checkpoint) is False
    chains: dict[int, list[Row]] = {}
    for e in AuditEvent.objects.order_by("id"):
        chains.setdefault(e.chain, []).append(
            Row(e.id, e.chain, e.clinic_id, e.previous_hash, e.hash, e.key_id, e)
        )
    lift_guards()

    missed, kinds = [], dict.fromkeys((t.__name__ for t in TAMPERINGS), 0)
    for case in range(CASES):
        tamper = rng.choice(TAMPERINGS)
        kinds[tamper.__name__] += 1
        with transaction.atomic():
            what = tamper(rng, chains, checkpoint)
            if not detected(checkpoint):
                missed.append(f"case {case}: {what}")
            transaction.set_rollback(True)
    assert missed == []
    assert all(n > 80 for n in kinds.values()), kinds  # every kind of tampering was tried, often
    assert not detected(checkpoint)  # and every case was rolled back
