"""The knowledge files and their JSON snapshot: the validated model, as plain data.

Kept free of dataclasses, typing and PyYAML at run time: the `mesodesk` CLI
reads the knowledge base through this module and must start within about twice
Python's own start-up (importing PyYAML alone costs about that much). The snapshot
is written by `mesodesk kb compile` after a full validation, and a test fails when
it is stale, so the fast path always serves checked data.
"""

from __future__ import annotations

import os
import zlib

from mesodesk import fastjson

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")
COMPILED = "compiled.json"
FILES = (
    "sources.yaml",
    "conflicts.yaml",
    "techniques.yaml",
    "indications.yaml",
    "substances.yaml",
    "contraindications.yaml",
    "protocols.yaml",
    "care.yaml",
    "practice.yaml",
)


def read_texts(directory: str) -> dict[str, str]:
    from mesodesk.knowledge.errors import KnowledgeError

    texts = {}
    for name in FILES:
        try:
            with open(os.path.join(directory, name), encoding="utf-8") as handle:
                texts[name] = handle.read()
        except OSError as exc:
            raise KnowledgeError(f"{name}: cannot be read: {exc}") from exc
    return texts


def digest(texts: dict[str, str]) -> str:
    """A fingerprint of the YAML files: it tells a stale snapshot, it is no security seal."""
    value = 0
    for name in FILES:
        value = zlib.crc32(name.encode(), value)
        value = zlib.crc32(texts[name].encode(), value)
    return f"crc32:{value:08x}"


def read_snapshot(directory: str, texts: dict[str, str]) -> dict[str, Any] | None:
    """The snapshot's sections ({section: plain data}) if made from exactly these texts."""
    try:
        with open(os.path.join(directory, COMPILED), encoding="utf-8") as handle:
            compiled = fastjson.loads(handle.read())
    except (OSError, ValueError):
        return None
    if not isinstance(compiled, dict) or compiled.get("digest") != digest(texts):
        return None
    sections: dict[str, Any] = compiled["sections"]
    return sections


def current_sections(directory: str | None = None) -> dict[str, Any] | None:
    """Every section's plain data by name if the snapshot is current; None when it is stale."""
    directory = directory or DATA_DIR
    return read_snapshot(directory, read_texts(directory))
