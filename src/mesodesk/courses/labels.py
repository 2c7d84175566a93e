"""Knowledge-base entries by their names in the reader's language, for course screens.

A course stores codes (indication, protocol, formulation); a person reads their label.
A clinic's own protocol has no knowledge-base entry: its stored name is all there is."""

from __future__ import annotations

from django.utils.translation import get_language

from mesodesk.knowledge.i18n import load_translations


def kb_label(section: str, code: str, language: str | None = None) -> str:
    """The entry's name in `language` (the active one by default); the code when unknown."""
    try:
        return load_translations().label(section, code, language or get_language() or "en")
    except KeyError:
        return code


def protocol_label(code: str, stored_name: str, language: str | None = None) -> str:
    """A knowledge-base protocol by its label; a clinic's own by the name it was given."""
    try:
        return load_translations().label("protocols", code, language or get_language() or "en")
    except KeyError:
        return stored_name
