"""Signed checkpoints of the audit chains' heads, kept outside the database.

The keyed hashes (accounts.audit) stop anyone without the key from editing, forging or
reordering rows unseen. They cannot see a chain that was cut short: the rows left still
hold. So every so often (the worker's recurring task, every backup, `audit checkpoint`) the
head of each chain — its last event's id, how many events it holds, the last hash — is
written to a small JSON file, signed with the audit key, in a folder that is not the
database's (settings.AUDIT_CHECKPOINT_DIR). The trail only grows, so every head a
checkpoint names must still be in the database, with the same hash and the same number
of events up to it; `checkpoint_compare` says, in plain words, what it finds otherwise.
"""

from __future__ import annotations

import datetime
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from mesodesk.accounts.audit import audit_keys, canonical, describe_chain, keyed_digest, signing_key
from mesodesk.accounts.models import AuditEvent

FORMAT = "mesodesk-audit-checkpoint/1"
PREFIX = "audit-checkpoint-"


@dataclass(frozen=True)
class Head:
    """A chain's last event as a checkpoint saw it."""

    chain: int
    last_id: int
    count: int
    hash: str


@dataclass(frozen=True)
class Checkpoint:
    path: Path
    written_at: datetime.datetime
    heads: tuple[Head, ...]


@dataclass(frozen=True)
class Finding:
    """Something the database and a checkpoint disagree on, for one chain (None: the file)."""

    chain: int | None
    problem: str


def checkpoint_dir() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def chain_heads() -> list[Head]:
    """Each chain's head now: one grouped query, then the head rows' hashes."""
    tails = list(AuditEvent.objects.values("chain").annotate(last=Max("id"), n=Count("id")).order_by("chain"))
    hashes = dict(AuditEvent.objects.filter(id__in=[t["last"] for t in tails]).values_list("id", "hash"))
    return [Head(t["chain"], t["last"], t["n"], hashes[t["last"]]) for t in tails]


def _signature(body: dict[str, Any], key: str) -> str:
    return keyed_digest(key, canonical(body))


class CheckpointRefused(Exception):
    """The database no longer matches the latest checkpoint: anchoring it now would bless the change."""


def checkpoint_write(directory: Path | None = None) -> Path:
    """Write a checkpoint of every chain's head now; the file appears whole or not at all.

    Refused while the database contradicts the latest checkpoint: otherwise the next
    scheduled run would anchor a shortened chain, and the deletion would go unseen."""
    folder = directory or checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True)
    latest, _ = checkpoint_latest(folder)
    if latest is not None and (findings := checkpoint_compare(latest)):
        raise CheckpointRefused(
            f"no checkpoint written: the database does not match {latest.path.name} "
            f"({findings[0].problem}); run mesodesk audit verify"
        )
    now = timezone.now().astimezone(datetime.UTC)
    key_id, key = signing_key()
    body: dict[str, Any] = {
        "format": FORMAT,
        "written_at": now.isoformat(),
        "key_id": key_id,
        "chains": [h.__dict__ for h in chain_heads()],
    }
    path = folder / f"{PREFIX}{now:%Y%m%dT%H%M%S%fZ}.json"
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump({**body, "signature": _signature(body, key)}, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return path


def _read(path: Path) -> Checkpoint:
    """A checkpoint whose signature holds; ValueError, in plain words, otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        signature = data.pop("signature")
        key = audit_keys().get(data["key_id"])
        if data.get("format") != FORMAT:
            raise ValueError("it is not a mesodesk audit checkpoint")
        if key is None:
            raise ValueError(f"it is signed with a key this installation does not hold ({data['key_id']!r})")
        if not hmac.compare_digest(_signature(data, key), str(signature)):
            raise ValueError("its signature does not hold: it was edited, or not written with the audit key")
        heads = tuple(
            Head(int(c["chain"]), int(c["last_id"]), int(c["count"]), str(c["hash"])) for c in data["chains"]
        )
        return Checkpoint(path, datetime.datetime.fromisoformat(data["written_at"]), heads)
    except (OSError, KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
        raise ValueError(f"it cannot be read ({type(exc).__name__})") from None


def checkpoint_latest(directory: Path | None = None) -> tuple[Checkpoint | None, list[Finding]]:
    """The newest checkpoint that holds, and a finding for each newer one that does not."""
    folder = directory or checkpoint_dir()
    findings: list[Finding] = []
    for path in sorted(folder.glob(f"{PREFIX}*.json"), reverse=True) if folder.is_dir() else []:
        try:
            return _read(path), findings
        except ValueError as exc:
            findings.append(Finding(None, f"checkpoint {path.name} is not used: {exc}"))
    return None, findings


def _compare_head(head: Head) -> str | None:
    rows = AuditEvent.objects.filter(chain=head.chain)
    now = rows.aggregate(n=Count("id"), last=Max("id"))
    up_to_head = rows.filter(id__lte=head.last_id).count()
    at_head = rows.filter(id=head.last_id).values_list("hash", flat=True).first()
    said = f"the checkpoint counted {head.count} events up to event {head.last_id}"
    if now["n"] == 0:
        return f"the chain is gone: {said}, the database holds none (the chain was truncated)"
    if at_head is None and now["last"] < head.last_id:
        return (
            f"events were deleted from the end of the chain: {said}, the database holds "
            f"{up_to_head} and ends at event {now['last']}"
        )
    if at_head is None:
        return f"event {head.last_id}, the chain's head at the checkpoint, is missing; {said}"
    if not hmac.compare_digest(at_head, head.hash):
        return f"event {head.last_id} has not the hash the checkpoint saw: the chain up to it was rewritten"
    if up_to_head != head.count:
        return f"{said}, the database holds {up_to_head}: events before it were deleted or inserted"
    return None


def checkpoint_compare(checkpoint: Checkpoint) -> list[Finding]:
    """Every chain head the checkpoint names, against the database. Chains that began after
    the checkpoint, and events after a head, are not its business (the hashes cover them)."""
    findings = []
    for head in checkpoint.heads:
        problem = _compare_head(head)
        if problem:
            findings.append(Finding(head.chain, f"{describe_chain(head.chain)}: {problem}"))
    return findings
