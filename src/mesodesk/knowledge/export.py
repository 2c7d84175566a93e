"""The knowledge base as the JSON document of the `kb export` contract."""

from __future__ import annotations

import dataclasses
from typing import Any

from mesodesk.knowledge.model import Conflict, KnowledgeBase


def _plain(value: Any) -> Any:
    if isinstance(value, Conflict):
        return {
            "topic": value.topic,
            "claims": [{"source": c.source, "claim": c.claim} for c in value.claims],
            "followed": value.followed,
            "why": value.why,
            "sources": list(value.sources),
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def export_knowledge(kb: KnowledgeBase) -> dict[str, Any]:
    """Every section, contract sections first; every entry keeps its `sources` and `where`."""
    return {f.name: _plain(getattr(kb, f.name)) for f in dataclasses.fields(kb)}
