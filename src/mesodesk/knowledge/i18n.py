"""The knowledge base's texts in French and German, by section, code and field.

English is the YAML itself; data/i18n/<language>.yaml holds the other languages'
texts for the same entries, so a label is found by its code, never by its English
wording. `where` (a heading of the article) and source titles are citations and stay
as the article wrote them. Loaded once per process, outside the CLI's fast path.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from mesodesk.knowledge.errors import KnowledgeError
from mesodesk.knowledge.snapshot import DATA_DIR

LANGUAGES = ("en", "fr", "de")
TRANSLATED_LANGUAGES = ("fr", "de")
# Per section, the fields a person reads. Sections holding a single entry are keyed by its code.
FIELDS: dict[str, tuple[str, ...]] = {
    "sources": ("notes",),
    "conflicts": ("topic", "claims", "followed", "why"),
    "depth_classes": ("name", "note"),
    "techniques": ("name", "pace", "effect", "pain", "bleeding", "note"),
    "materials": ("name", "note"),
    "indications": ("name", "note", "examples"),
    "ingredients": ("name", "note"),
    "substance_categories": ("name", "note"),
    "base_solution": ("name", "note"),
    "catalyst": ("name",),
    "formulations": ("name", "note"),
    "drug_requirements": ("name", "note"),
    "medications": ("name", "note"),
    "contraindications": ("name", "message", "derived"),
    "suitability": ("name", "note"),
    "protocols": ("name", "note"),
    "pre_care": ("name",),
    "after_care": ("name",),
    "side_effects": ("name", "typical_duration"),
    "costs": ("name", "note"),
    "combinations": ("name", "note"),
    "outcomes": ("name", "note"),
    "history": ("name",),
}
# Fields holding a list of mappings, translated item by item: the text each item is read by.
# A conflict's claims are translated in order, one text per claim; their sources are citations.
_ITEM_TEXT = {"claims": "claim"}


class Translations:
    """texts[language][section][code][field] -> text (a list of texts for `examples` and
    a conflict's `claims`, in the English order)."""

    def __init__(self, english: dict[str, Any], texts: dict[str, dict[str, Any]]) -> None:
        self._english = english
        self._texts = texts

    def text(self, section: str, code: str, field: str, language: str) -> Any:
        """The field in `language`; English when the language is English or unknown."""
        if language in self._texts:
            return self._texts[language][section][code][field]
        return self._english[section][code][field]

    def label(self, section: str, code: str, language: str) -> str:
        """An entry's name in `language`: what a person reads instead of its code."""
        value: str = self.text(section, code, "name", language)
        return value


def _english(sections: dict[str, Any]) -> dict[str, Any]:
    english: dict[str, Any] = {}
    for section, fields in FIELDS.items():
        entries = sections[section]
        entries = entries if isinstance(entries, list) else [entries]
        english[section] = {}
        for index, entry in enumerate(entries):
            key = entry.get("code") or entry.get("id")
            if not key:
                # Without a code its texts could only be found by their English wording.
                raise KnowledgeError(f"{section}[{index}]: needs a code, the key of its translations")
            english[section][str(key)] = {
                f: _readable(f, entry[f]) for f in fields if entry.get(f) not in (None, "", [])
            }
    return english


def _readable(field: str, value: Any) -> Any:
    if field in _ITEM_TEXT:
        return [item[_ITEM_TEXT[field]] for item in value]
    return value


def check_language(english: dict[str, Any], texts: Any, language: str) -> dict[str, Any]:
    """The language's texts, refused unless every text English has is there, and nothing else."""
    where = f"i18n/{language}.yaml"
    if not isinstance(texts, dict):
        raise KnowledgeError(f"{where}: must be a mapping of sections")
    for section in texts:
        if section not in english:
            raise KnowledgeError(f"{where}: unknown section {section!r}")
    for section, entries in english.items():
        given = texts.get(section) or {}
        for code in given:
            if code not in entries:
                raise KnowledgeError(f"{where}: {section}[{code}]: unknown code")
        for code, fields in entries.items():
            have = given.get(code) or {}
            for field in have:
                if field not in fields:
                    raise KnowledgeError(f"{where}: {section}[{code}]: field {field!r}: nothing to translate")
            for field, value in fields.items():
                text = have.get(field)
                if isinstance(value, list):
                    ok = (
                        isinstance(text, list)
                        and len(text) == len(value)
                        and all(isinstance(t, str) and t.strip() for t in text)
                    )
                else:
                    ok = isinstance(text, str) and bool(text.strip())
                if not ok:
                    raise KnowledgeError(f"{where}: {section}[{code}]: field {field!r}: translation missing")
    return texts


def load_translations_from(directory: str | Path, sections: dict[str, Any]) -> Translations:
    import yaml  # the web application's path only; the CLI never needs the translations

    english = _english(sections)
    texts = {}
    for language in TRANSLATED_LANGUAGES:
        path = Path(directory) / "i18n" / f"{language}.yaml"
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise KnowledgeError(f"i18n/{language}.yaml: cannot be read: {exc}") from exc
        except yaml.YAMLError as exc:
            raise KnowledgeError(f"i18n/{language}.yaml: is not valid YAML: {exc}") from exc
        texts[language] = check_language(english, raw, language)
    return Translations(english, texts)


@functools.cache
def load_translations() -> Translations:
    from mesodesk.knowledge.loader import load_knowledge

    return load_translations_from(DATA_DIR, load_knowledge().to_plain())
