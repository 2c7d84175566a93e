"""The coded types of an adverse event: the knowledge base's side effects (each with its
source), plus "other", described in words. Nodules and necrosis are not among them: none of
the articles names them, so they are recorded as "other" until a source does."""

from __future__ import annotations

from django.utils.translation import gettext

from mesodesk.knowledge.loader import load_knowledge
from mesodesk.reference.labels import kb_label
from mesodesk.safety.models import OTHER


def kind_codes() -> list[str]:
    return [e.code for e in load_knowledge().side_effects] + [OTHER]


def kind_label(code: str, language: str | None = None) -> str:
    if code == OTHER:
        return gettext("Other (described)")
    return kb_label("side_effects", code, language)


def kind_choices() -> list[tuple[str, str]]:
    return [(code, kind_label(code)) for code in kind_codes()]
