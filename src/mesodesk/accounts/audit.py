"""Writing and verifying the hash-chained audit trail.

The trail is made of chains, one per clinic (plus one for events without a clinic, and
the legacy network-wide one, see models.LEGACY_CHAIN). In a chain, each row's hash is an
HMAC-SHA256 over the previous row's hash and the row's own canonical JSON, so changing,
removing or inserting a row anywhere breaks every link after it in its chain. The HMAC's
key is not in the database (settings.AUDIT_KEYS): someone who rewrites the table cannot
recompute the hashes after their edit. Each row names its key by `key_id`, so keys rotate.
Deleting a chain's last rows leaves a shorter chain that holds: accounts.checkpoints
catches that, against the heads it wrote outside the database. Writers
lock their chain before reading its last hash so that two writers never chain onto the
same row (the unique (`chain`, `previous_hash`) backs this); writers of different clinics
take different locks on PostgreSQL and never wait on each other there.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from mesodesk.accounts.models import LEGACY_CHAIN, NO_CLINIC_CHAIN, Actor, AuditAction, AuditEvent
from mesodesk.accounts.sql import sql_identifier, sql_insert

GENESIS = "0" * 64
# pg_advisory_xact_lock(int, int): this constant names the audit trail's lock space (any
# int4 will do, so long as nothing else uses it); the second key is the chain.
_PG_LOCK_SPACE = 730_042_061


def canonical(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_for(clinic_id: int | None) -> int:
    return NO_CLINIC_CHAIN if clinic_id is None else clinic_id


def _lock_key(chain: int) -> int:
    """The chain folded into int4. Ids past 2**31 could share a lock: that only serialises more."""
    return (chain + 2**31) % 2**32 - 2**31


def key_id_of(key: str) -> str:
    """A short name for a key, stored on each row: it tells which key to check with, and
    reveals nothing of the key itself."""
    return hashlib.sha256(f"mesodesk audit key id:{key}".encode()).hexdigest()[:8]


def audit_keys() -> dict[str, str]:
    """Every key this installation holds, by id; read from settings each time, so a test
    (or a rotation) that changes them is seen at once."""
    return {key_id_of(key): key for key in settings.AUDIT_KEYS}


def signing_key() -> tuple[str, str]:
    """The key that signs new rows and checkpoints: the last one configured."""
    key = settings.AUDIT_KEYS[-1]
    return key_id_of(key), key


def keyed_digest(key: str, text: str) -> str:
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


def row_hash(previous_hash: str, event: AuditEvent, keys: dict[str, str] | None = None) -> str | None:
    """The row's hash under the key it names, or None when this installation holds no such
    key. The chain and the key id are covered, so a row cannot be moved to another chain,
    nor pretend to another key, unseen."""
    key = (keys or audit_keys()).get(event.key_id)
    if key is None:
        return None
    return keyed_digest(key, previous_hash + canonical(_payload(event)))


def _payload(event: AuditEvent) -> dict[str, Any]:
    return {
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
        "key": event.key_id,
    }


def audit_sign(event: AuditEvent) -> None:
    """Sign a row not yet written, chained onto `event.previous_hash`, with the signing key."""
    key_id, key = signing_key()
    event.key_id = key_id
    event.hash = keyed_digest(key, event.previous_hash + canonical(_payload(event)))


def _chain_head(chain: int) -> str | None:
    """The hash of the chain's last row, read under the chain's lock. Plain SQL over the
    (chain, id) index: every read of a patient runs this while holding the lock (on SQLite,
    the database's one write lock), so it is kept to the statement itself, with no ORM
    query to build while others wait."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {sql_identifier('hash')} FROM {sql_identifier(AuditEvent._meta.db_table)} "  # noqa: S608
            f"WHERE {sql_identifier('chain')} = %s ORDER BY {sql_identifier('id')} DESC LIMIT 1",
            [chain],
        )
        row = cursor.fetchone()
    return None if row is None else str(row[0])


def audit_record(
    *,
    action: AuditAction | str,
    actor_id: int | None,
    actor: str,
    clinic_id: int | None = None,
    patient_id: int | None = None,
    object_type: str = "",
    object_id: str | int = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to its clinic's chain, in the caller's transaction if there is one."""
    chain = chain_for(clinic_id)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Held until the transaction ends, so the next writer of this chain reads our row.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s::integer, %s::integer)",
                    [_PG_LOCK_SPACE, _lock_key(chain)],
                )
        # On SQLite the IMMEDIATE transaction already holds the database's write lock.
        last = _chain_head(chain)
        event = AuditEvent(
            chain=chain,
            at=timezone.now(),
            actor_id=actor_id,
            actor=actor[:150],
            clinic_id=clinic_id,
            patient_id=patient_id,
            action=str(action),
            object_type=object_type,
            object_id=str(object_id),
            detail=detail or {},
            previous_hash=last or GENESIS,
        )
        audit_sign(event)
        event.save(force_insert=True)
    return event


def audit_by(
    actor: Actor,
    action: AuditAction | str,
    *,
    clinic_id: int | None,
    patient_id: int | None = None,
    object_type: str = "",
    object_id: str | int = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """audit_record for a signed-in person: their id and name come from the user object."""
    return audit_record(
        action=action,
        actor_id=actor.pk,
        actor=actor.get_username(),
        clinic_id=clinic_id,
        patient_id=patient_id,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )


def describe_chain(chain: int) -> str:
    if chain == LEGACY_CHAIN:
        return "the network-wide chain from before per-clinic chains"
    if chain == NO_CLINIC_CHAIN:
        return "the chain of events without a clinic"
    return f"clinic {chain}'s chain"


@dataclass(frozen=True)
class ChainReport:
    """One chain: how many rows hold from its start, and the first that does not."""

    chain: int
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


@dataclass(frozen=True)
class TrailReport:
    """Every chain of the trail, in chain order."""

    chains: tuple[ChainReport, ...]

    @property
    def intact(self) -> bool:
        return all(c.intact for c in self.chains)

    @property
    def checked(self) -> int:
        """Rows found intact, over all chains (in a broken chain: those before the break)."""
        return sum(c.checked for c in self.chains)

    @property
    def broken(self) -> list[ChainReport]:
        return [c for c in self.chains if not c.intact]

    @property
    def broken_at(self) -> int | None:
        """The earliest written row that breaks its chain, if any."""
        return min((c.broken_at for c in self.broken if c.broken_at is not None), default=None)

    def chain(self, chain: int) -> ChainReport | None:
        return next((c for c in self.chains if c.chain == chain), None)


def _verify_chain(chain: int, events: Iterator[AuditEvent], keys: dict[str, str]) -> ChainReport:
    expected_previous = GENESIS
    checked = 0
    for event in events:
        if event.previous_hash != expected_previous:
            return ChainReport(
                chain, checked, event.id, "its previous hash is not the hash of the row before it"
            )
        expected = row_hash(event.previous_hash, event, keys)
        if expected is None:
            return ChainReport(
                chain, checked, event.id, f"it names a key this installation does not hold ({event.key_id!r})"
            )
        if not hmac.compare_digest(expected, event.hash):
            return ChainReport(
                chain,
                checked,
                event.id,
                "its content does not match its hash (edited, or forged without the key)",
            )
        expected_previous = event.hash
        checked += 1
    return ChainReport(chain, checked)


def audit_verify() -> TrailReport:
    """Walk every chain from its start; report, for each, the first row whose link does not hold."""
    # One pass over the (chain, id) index: each chain in order, one after the other.
    events = AuditEvent.objects.order_by("chain", "id").iterator(chunk_size=2000)
    keys = audit_keys()
    return TrailReport(
        tuple(_verify_chain(chain, rows, keys) for chain, rows in groupby(events, key=attrgetter("chain")))
    )


@dataclass(frozen=True)
class AuditLine:
    """One event of a batch (audit_record_many): what was done to which patient's what."""

    action: AuditAction | str
    patient_id: int | None = None
    object_type: str = ""
    object_id: str | int = ""
    detail: dict[str, Any] | None = None


class Chained(NamedTuple):
    """A row audit_record_many wrote: its link in the chain."""

    previous_hash: str
    hash: str


def audit_record_many(
    *, actor_id: int | None, actor: str, clinic_id: int | None, lines: Sequence[AuditLine]
) -> list[Chained]:
    """Append several events of one actor to one clinic's chain, in the caller's transaction if
    there is one: the chain's lock is taken once, its last hash read once, and the rows, each
    chained onto the one before it as audit_record chains them, inserted together. So a page
    that names a hundred patients writes its trail in a constant number of queries."""
    if not lines:
        return []
    chain = chain_for(clinic_id)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s::integer, %s::integer)",
                    [_PG_LOCK_SPACE, _lock_key(chain)],
                )
        previous = _chain_head(chain) or GENESIS
        written = _sign_many(previous, actor_id, actor[:150], clinic_id, chain, lines)
    return written


def _sign_many(
    previous: str,
    actor_id: int | None,
    actor: str,
    clinic_id: int | None,
    chain: int,
    lines: Sequence[AuditLine],
) -> list[Chained]:
    """Sign and insert the lines, chained from `previous`. What every row of a batch shares
    (the time, the actor, the key) is prepared once, and no model instance is built per row:
    a list answer of 200 patients writes 200 rows, and per-row work was most of its cost
    (docs/performance.md, API reads). Each hash is the one row_hash computes for the stored row."""
    key_id, key = signing_key()
    keyed = hmac.new(key.encode(), digestmod=hashlib.sha256)
    now = timezone.now()
    shared = {
        "at": now.astimezone(datetime.UTC).isoformat(),
        "actor_id": actor_id,
        "actor": actor,
        "clinic_id": clinic_id,
        "chain": chain,
        "key": key_id,
    }
    fields = {f.attname: f for f in AuditEvent._meta.concrete_fields if not f.primary_key}
    constant = {
        name: fields[name].get_db_prep_save(value, connection)
        for name, value in (
            ("at", now),
            ("actor_id", actor_id),
            ("actor", actor),
            ("clinic_id", clinic_id),
            ("chain", chain),
            ("key_id", key_id),
        )
    }
    detail_field = fields["detail"]
    prepared_details: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    written: list[Chained] = []
    for line in lines:
        detail = line.detail or {}
        action, object_id = str(line.action), str(line.object_id)
        patient_id = None if line.patient_id is None else int(line.patient_id)
        payload = canonical(
            shared
            | {
                "patient_id": patient_id,
                "action": action,
                "object_type": line.object_type,
                "object_id": object_id,
                "detail": detail,
            }
        )
        digest = keyed.copy()
        digest.update((previous + payload).encode())
        row_hash_ = digest.hexdigest()
        # A list's lines mostly share their detail ({"where": ...}): its column value once.
        detail_text = canonical(detail)
        if detail_text not in prepared_details:
            prepared_details[detail_text] = detail_field.get_db_prep_save(detail, connection)
        rows.append(
            constant
            | {
                "patient_id": patient_id,
                "action": action,
                "object_type": line.object_type,
                "object_id": object_id,
                "detail": prepared_details[detail_text],
                "previous_hash": previous,
                "hash": row_hash_,
            }
        )
        written.append(Chained(previous, row_hash_))
        previous = row_hash_
    _insert([f.column for f in fields.values()], list(fields), rows)
    return written


def _insert(columns: list[str], names: list[str], rows: Sequence[dict[str, Any]]) -> None:
    """The rows, their values already prepared for the database, in list order, so the ids
    ascend along the chain as the verifier walks it. Plain SQL: building the ORM's statement
    was most of a list answer's cost (measured 2026-11-24). One short statement run for every
    row, not one long multi-row VALUES: psycopg parses a statement of over 50 parameters anew
    at every call (it caches only short ones), which cost PostgreSQL 173 Python calls a row."""
    with connection.cursor() as cursor:
        cursor.executemany(
            sql_insert(AuditEvent._meta.db_table, columns), [[row[name] for name in names] for row in rows]
        )
