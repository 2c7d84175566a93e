"""Knowledge-base texts in the reader's language, by code: `{{ code|label:"indications" }}`
for an entry's name, `{{ code|kb:"techniques.effect" }}` for any translated field,
`{{ codes|labels:"indications" }}` for a list of names, `{{ code|term:"severity" }}` for
the few fixed words the schema itself uses, and `{{ mm|measure }}` / `{{ technique|depth }}`
for numbers in the reader's notation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, pgettext_lazy

from mesodesk.knowledge.i18n import load_translations
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.knowledge.model import Technique
from mesodesk.reference.labels import kb_label

register = template.Library()

# The schema's own vocabularies (model.Severity, Reliability, Indication.category): codes
# in the YAML, words on a page.
TERMS: dict[str, dict[str, Promise]] = {
    "severity": {
        "absolute": pgettext_lazy("severity", "absolute"),
        "relative": pgettext_lazy("severity", "relative"),
        "advice": pgettext_lazy("severity", "advice"),
    },
    "reliability": {
        "reliable": pgettext_lazy("reliability", "reliable"),
        "mixed": pgettext_lazy("reliability", "mixed"),
        "unreliable": pgettext_lazy("reliability", "unreliable"),
    },
    "category": {
        "skin_condition": pgettext_lazy("indication group", "skin condition"),
        "medical_aesthetics": pgettext_lazy("indication group", "medical aesthetics"),
        "sports_injury": pgettext_lazy("indication group", "sports injury"),
        "pain": pgettext_lazy("indication group", "pain"),
    },
}


@register.filter
def label(code: str, section: str) -> str:
    """The entry's name in the active language; a code the knowledge base lacks (a clinic's
    own protocol, say) is returned as it is, so the caller shows its own name instead."""
    return kb_label(section, code)


@register.filter
def source_title(source_id: str) -> str:
    """A cited source by its article's title (as published, so not translated); a clinic's
    own protocol ("clinic:...") by what it is. The id stays in the link, never on the page."""
    if source_id.startswith("clinic:"):
        return gettext("the clinic's own protocol")
    found = load_knowledge().source_by_id.get(source_id)
    return found.title if found is not None else gettext("a source no longer listed")


@register.filter
def is_article(source_id: str) -> bool:
    """The source is one of the knowledge base's articles (it has a place on the sources page)."""
    return source_id in load_knowledge().source_by_id


@register.filter
def labels(codes: Iterable[str], section: str) -> str:
    """The entries' names in the active language, in order, separated by commas."""
    return ", ".join(label(code, section) for code in codes)


@register.filter
def kb(code: str, section_field: str) -> Any:
    section, _, field = section_field.partition(".")
    try:
        return load_translations().text(section, code, field, get_language() or "en")
    except KeyError:
        return ""


@register.filter
def term(code: str, vocabulary: str) -> str:
    """A schema word (a severity, a reliability, an indication group) in the active language."""
    word = TERMS.get(vocabulary, {}).get(code)
    return str(word) if word is not None else code


@register.filter
def measure(value: float | None) -> str:
    """A measure as the sources give it (4, not 4.0; 0.5) in the reader's decimal notation."""
    if value is None:
        return ""
    return f"{value:g}".replace(".", str(formats.get_format("DECIMAL_SEPARATOR")))


@register.filter
def depth(technique: Technique) -> str:
    """The technique's depth range, as `depth_label` says it in English."""
    upper = "≤" if technique.max_inclusive else "<"
    return gettext("%(min)s mm ≤ depth %(upper)s %(max)s mm") % {
        "min": measure(technique.depth_min_mm),
        "upper": upper,
        "max": measure(technique.depth_max_mm),
    }
