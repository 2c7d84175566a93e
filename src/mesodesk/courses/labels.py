"""A course's protocol by its name in the reader's language.

A course stores codes (indication, protocol, formulation); a person reads their label.
A clinic's own protocol has no knowledge-base entry: its stored name is all there is."""

from __future__ import annotations

from mesodesk.reference.labels import kb_label


def protocol_label(code: str, stored_name: str, language: str | None = None) -> str:
    """A knowledge-base protocol by its label; a clinic's own by the name it was given."""
    named = kb_label("protocols", code, language)
    return stored_name if named == code else named
