"""Writing the hash-chained audit trail (its hashes: audit_hash; verifying it: audit_verify).

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from mesodesk.accounts.audit_hash import (
    GENESIS,
    audit_keys,
    audit_sign,
    canonical,
    key_id_of,
    keyed_digest,
    row_hash,
    signing_key,
)
from mesodesk.accounts.audit_links import LISTING, insert_listed
from mesodesk.accounts.audit_verify import ChainReport, TrailReport, audit_verify, describe_chain
from mesodesk.accounts.models import NO_CLINIC_CHAIN, Actor, AuditAction, AuditEvent
from mesodesk.accounts.sql import sql_identifier, sql_insert

# The hashes and the verification are importable from here too, where callers have always found them.
__all__ = [
    "GENESIS",
    "LISTING",
    "AuditLine",
    "ChainReport",
    "Chained",
    "TrailReport",
    "audit_by",
    "audit_keys",
    "audit_record",
    "audit_record_listing",
    "audit_record_many",
    "audit_sign",
    "audit_verify",
    "canonical",
    "chain_for",
    "describe_chain",
    "key_id_of",
    "keyed_digest",
    "row_hash",
    "signing_key",
]

# pg_advisory_xact_lock(int, int): this constant names the audit trail's lock space (any
# int4 will do, so long as nothing else uses it); the second key is the chain.
_PG_LOCK_SPACE = 730_042_061


def chain_for(clinic_id: int | None) -> int:
    return NO_CLINIC_CHAIN if clinic_id is None else clinic_id


def _lock_key(chain: int) -> int:
    """The chain folded into int4. Ids past 2**31 could share a lock: that only serialises more."""
    return (chain + 2**31) % 2**32 - 2**31


def _lock_chain(chain: int) -> None:
    """Make this transaction the chain's only writer until it ends, so that the next writer
    reads our last row. On SQLite the IMMEDIATE transaction already holds the database's
    write lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s::integer, %s::integer)", [_PG_LOCK_SPACE, _lock_key(chain)]
            )


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
        _lock_chain(chain)
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
        _lock_chain(chain)
        previous = _chain_head(chain) or GENESIS
        batch = _signed(previous, actor_id, actor[:150], clinic_id, chain, lines)
        with connection.cursor() as cursor:
            cursor.executemany(batch.statement, batch.values)
    return batch.written


def audit_record_listing(
    *,
    actor_id: int | None,
    actor: str,
    clinic_id: int,
    patient_ids: Iterable[int],
    action: AuditAction | str = AuditAction.READ,
    detail: dict[str, Any] | None = None,
) -> Chained | None:
    """One signed line for a list of patients shown together (a list page, a search answer,
    the dashboard, the calendar), its detail naming them all by id, and a row per patient in
    accounts.models.AuditListedPatient through which "who saw this patient" finds it. A line
    per patient cost a list of 25 about 150 pages of SQLite's log and 25 keyed hashes under
    the write lock (docs/performance.md, "One line per listing"); this writes one line and 25
    small index entries. None when the list is empty: nothing was shown."""
    ids = sorted({int(p) for p in patient_ids})
    if not ids:
        return None
    line = AuditLine(action, None, LISTING, "", {**(detail or {}), "patients": ids})
    chain = chain_for(clinic_id)
    with transaction.atomic():
        _lock_chain(chain)
        batch = _signed(_chain_head(chain) or GENESIS, actor_id, actor[:150], clinic_id, chain, [line])
        with connection.cursor() as cursor:
            cursor.execute(batch.returning_id, batch.values[0])
            (event_id,) = cursor.fetchone()
        insert_listed(int(event_id), clinic_id, ids)
    return batch.written[0]


class _Batch(NamedTuple):
    """Signed rows ready to insert: the statement, each row's values, each row's link."""

    statement: str
    returning_id: str  # the same, answering the row's id
    values: list[list[Any]]
    written: list[Chained]


def _signed(
    previous: str,
    actor_id: int | None,
    actor: str,
    clinic_id: int | None,
    chain: int,
    lines: Sequence[AuditLine],
) -> _Batch:
    """Sign the lines, chained from `previous`, in list order, so the ids ascend along the
    chain as the verifier walks it. What every row of a batch shares
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
    names = list(fields)
    # Plain SQL: building the ORM's statement was most of a list answer's cost (measured
    # 2026-11-24). One short statement run for every row, not one long multi-row VALUES:
    # psycopg parses a statement of over 50 parameters anew at every call (it caches only
    # short ones), which cost PostgreSQL 173 Python calls a row.
    table, columns = AuditEvent._meta.db_table, [f.column for f in fields.values()]
    return _Batch(
        sql_insert(table, columns),
        sql_insert(table, columns, returning="id"),
        [[row[name] for name in names] for row in rows],
        written,
    )
