"""A knowledge-base entry's name in the reader's language, for Python code and templates."""

from __future__ import annotations

from django.utils.translation import get_language

from mesodesk.knowledge.i18n import load_translations


def kb_label(section: str, code: str, language: str | None = None) -> str:
    """The entry's name in `language` (the active one by default); a code the knowledge base
    lacks (a clinic's own protocol, say) is returned as it is, for the caller to name."""
    try:
        return load_translations().label(section, code, language or get_language() or "en")
    except KeyError:
        return code
