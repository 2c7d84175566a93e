"""The audit trail's hashes: each row's canonical JSON, the HMAC keys that sign it (never in the
database: settings.AUDIT_KEYS), and the row hash a writer stores and a verifier recomputes."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings

from mesodesk.accounts.models import AuditEvent

GENESIS = "0" * 64


def canonical(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


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
