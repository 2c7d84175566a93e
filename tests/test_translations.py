"""Every message a person reads exists in French and German.

A string marked for translation but missing from a catalogue, an empty or fuzzy
translation, or a catalogue whose placeholders do not match fails here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("messages", ROOT / "scripts" / "messages.py")
assert _spec and _spec.loader
messages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(messages)

CATALOGUES = messages.catalogues()


def test_every_app_a_person_reads_has_a_french_and_a_german_catalogue() -> None:
    found = {(p.parent.parent.parent.parent.name, p.parent.parent.name) for p in CATALOGUES}
    for app in (*messages.APPS, "mesodesk"):
        for language in messages.LANGUAGES:
            assert (app, language) in found, f"{app} has no {language} catalogue"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(messages.PACKAGE)))
def test_every_message_is_translated(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [], f"not translated: {untranslated[:5]}"
    assert fuzzy == [], f"marked fuzzy (unchecked): {fuzzy[:5]}"


def test_no_string_marked_in_the_source_is_missing_from_its_catalogue() -> None:
    assert messages.missing_from_catalogues() == {}
