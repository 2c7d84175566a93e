"""Knowledge-base texts in the reader's language, by code: `{{ code|label:"indications" }}`
for an entry's name, `{{ code|kb:"techniques.effect" }}` for any translated field."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from mesodesk.knowledge.i18n import load_translations

register = template.Library()


@register.filter
def label(code: str, section: str) -> str:
    """The entry's name in the active language; a code the knowledge base lacks (a clinic's
    own protocol, say) is returned as it is, so the caller shows its own name instead."""
    try:
        return load_translations().label(section, code, get_language() or "en")
    except KeyError:
        return code


@register.filter
def kb(code: str, section_field: str) -> Any:
    section, _, field = section_field.partition(".")
    try:
        return load_translations().text(section, code, field, get_language() or "en")
    except KeyError:
        return ""
