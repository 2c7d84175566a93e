"""Writing and verifying the hash-chained audit trail.

Each row's hash is SHA-256 over the previous row's hash and the row's own
canonical JSON, so changing, removing or inserting a row anywhere breaks every
link after it. Writers take a lock before reading the last hash so that two
writers never chain onto the same row (the unique `previous_hash` backs this).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from mesodesk.accounts.models import AuditAction, AuditEvent

GENESIS = "0" * 64
_PG_LOCK_KEY = 7_300_420_611  # any constant: serialises audit writers on PostgreSQL


def canonical(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def row_hash(previous_hash: str, event: AuditEvent) -> str:
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
    }
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
    """Append one event to the trail, in the caller's transaction if there is one."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        # On SQLite the IMMEDIATE transaction already holds the database's write lock.
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = AuditEvent(
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
    actor: Any,
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
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def audit_verify() -> ChainReport:
    """Walk the chain in order; report the first row whose link does not hold."""
    expected_previous = GENESIS
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != expected_previous:
            return ChainReport(checked, event.id, "its previous hash is not the hash of the row before it")
        if row_hash(event.previous_hash, event) != event.hash:
            return ChainReport(checked, event.id, "its content does not match its hash")
        expected_previous = event.hash
        checked += 1
    return ChainReport(checked)
