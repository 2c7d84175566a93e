"""The knowledge base as the JSON document of the `kb export` contract."""

from __future__ import annotations

from typing import Any

from mesodesk.knowledge.model import KnowledgeBase


def export_knowledge(kb: KnowledgeBase) -> dict[str, Any]:
    """Every section, contract sections first; every entry keeps its `sources` and `where`."""
    return kb.to_plain()
