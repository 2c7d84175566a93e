"""Writing and verifying the hash-chained audit trail.

The trail is made of chains, one per clinic (plus one for events without a clinic, and
the legacy network-wide one, see models.LEGACY_CHAIN). In a chain, each row's hash is
SHA-256 over the previous row's hash and the row's own canonical JSON, so changing,
removing or inserting a row anywhere breaks every link after it in its chain. Writers
lock their chain before reading its last hash so that two writers never chain onto the
same row (the unique (`chain`, `previous_hash`) backs this); writers of different clinics
take different locks on PostgreSQL and never wait on each other there.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from mesodesk.accounts.models import LEGACY_CHAIN, NO_CLINIC_CHAIN, Actor, AuditAction, AuditEvent

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


def row_hash(previous_hash: str, event: AuditEvent) -> str:
    """The row's hash. The chain is covered, so a row cannot be moved to another chain unseen;
    only the legacy chain's rows leave it out, as they were hashed before chains existed."""
    payload: dict[str, Any] = {
        "at": event.at.astimezone(datetime.UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor": event.actor,
        "clinic_id": event.clinic_id,
        "patient_id": event.patient_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "detail": event.detail,
    }
    if event.chain != LEGACY_CHAIN:
        payload["chain"] = event.chain
    return hashlib.sha256((previous_hash + canonical(payload)).encode()).hexdigest()


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
        last = AuditEvent.objects.filter(chain=chain).order_by("-id").values_list("hash", flat=True).first()
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
        event.hash = row_hash(event.previous_hash, event)
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


def _verify_chain(chain: int, events: Iterator[AuditEvent]) -> ChainReport:
    expected_previous = GENESIS
    checked = 0
    for event in events:
        if event.previous_hash != expected_previous:
            return ChainReport(
                chain, checked, event.id, "its previous hash is not the hash of the row before it"
            )
        if row_hash(event.previous_hash, event) != event.hash:
            return ChainReport(chain, checked, event.id, "its content does not match its hash")
        expected_previous = event.hash
        checked += 1
    return ChainReport(chain, checked)


def audit_verify() -> TrailReport:
    """Walk every chain from its start; report, for each, the first row whose link does not hold."""
    chains = list(AuditEvent.objects.order_by("chain").values_list("chain", flat=True).distinct())
    reports = []
    for chain in chains:
        # Each chain is read in order on the (chain, id) index, up to its first break.
        events = AuditEvent.objects.filter(chain=chain).order_by("id").iterator(chunk_size=2000)
        reports.append(_verify_chain(chain, events))
    return TrailReport(tuple(reports))


@dataclass(frozen=True)
class AuditLine:
    """One event of a batch (audit_record_many): what was done to which patient's what."""

    action: AuditAction | str
    patient_id: int | None = None
    object_type: str = ""
    object_id: str | int = ""
    detail: dict[str, Any] | None = None


def audit_record_many(
    *, actor_id: int | None, actor: str, clinic_id: int | None, lines: Sequence[AuditLine]
) -> list[AuditEvent]:
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
        previous = (
            AuditEvent.objects.filter(chain=chain).order_by("-id").values_list("hash", flat=True).first()
            or GENESIS
        )
        now = timezone.now()
        events = []
        for line in lines:
            event = AuditEvent(
                chain=chain,
                at=now,
                actor_id=actor_id,
                actor=actor[:150],
                clinic_id=clinic_id,
                patient_id=line.patient_id,
                action=str(line.action),
                object_type=line.object_type,
                object_id=str(line.object_id),
                detail=line.detail or {},
                previous_hash=previous,
            )
            event.hash = previous = row_hash(previous, event)
            events.append(event)
        # In list order, so the ids ascend along the chain as the verifier walks it.
        AuditEvent.objects.bulk_create(events)
    return events
