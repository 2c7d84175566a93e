"""The French and German texts of the knowledge base: complete, checked, and really translated."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from mesodesk import cli
from mesodesk.knowledge import snapshot
from mesodesk.knowledge.errors import KnowledgeError
from mesodesk.knowledge.i18n import (
    TRANSLATED_LANGUAGES,
    Translations,
    load_translations,
    load_translations_from,
)
from mesodesk.knowledge.loader import load_from, load_knowledge

DATA = Path(snapshot.DATA_DIR)
# Names spelled the same in English and the language: true cognates, checked by hand.
SAME_NAME = {
    "fr": {
        ("indications", "cellulite"),  # Cellulite
        ("indications", "contusions"),  # Contusions
        ("indications", "psoriasis"),  # Psoriasis
        ("indications", "vitiligo"),  # Vitiligo
        ("contraindications", "psoriasis"),  # Psoriasis
    },
    "de": {
        ("indications", "cellulite"),  # Cellulite
        ("indications", "psoriasis"),  # Psoriasis
        ("indications", "vitiligo"),  # Vitiligo
        ("contraindications", "psoriasis"),  # Psoriasis
    },
}
# Texts of several words the same in both languages: a chemical name with its abbreviation.
SAME_TEXT = {
    "fr": set[tuple[str, str, str]](),
    "de": {("ingredients", "dmae", "name")},  # Dimethylaminoethanol (DMAE)
}


def _copy(tmp_path: Path) -> Path:
    for name in snapshot.FILES:
        shutil.copy(DATA / name, tmp_path / name)
    shutil.copy(DATA / snapshot.COMPILED, tmp_path / snapshot.COMPILED)
    shutil.copytree(DATA / "i18n", tmp_path / "i18n")
    return tmp_path


def _edit(path: Path, change: Any) -> None:
    texts = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(texts)
    path.write_text(yaml.safe_dump(texts, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _load(directory: Path) -> Translations:
    return load_translations_from(directory, load_from(directory).to_plain())


def _every_text(translations: Translations, language: str) -> Any:
    english = translations._english  # noqa: SLF001 - the test compares each text with its English
    for section, entries in english.items():
        for code, fields in entries.items():
            for field, value in fields.items():
                yield section, code, field, value, translations.text(section, code, field, language)


def test_the_shipped_translations_are_complete() -> None:
    translations = load_translations()
    assert translations.label("contraindications", "pregnancy", "fr") == "Grossesse"
    assert translations.label("contraindications", "pregnancy", "de") == "Schwangerschaft"
    assert translations.label("contraindications", "pregnancy", "en") == "Pregnancy"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_a_missing_text_is_refused_naming_the_file_the_section_the_entry_and_the_field(
    tmp_path: Path, language: str
) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "i18n" / f"{language}.yaml", lambda t: t["contraindications"].pop("pregnancy"))
    with pytest.raises(KnowledgeError) as error:
        _load(directory)
    assert str(error.value) == (
        f"i18n/{language}.yaml: contraindications[pregnancy]: field 'name': translation missing"
    )


def test_a_missing_field_of_an_entry_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "i18n" / "de.yaml", lambda t: t["techniques"]["nappage"].pop("pace"))
    with pytest.raises(KnowledgeError, match=re.escape("i18n/de.yaml: techniques[nappage]: field 'pace'")):
        _load(directory)


def test_an_unknown_code_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "i18n" / "fr.yaml", lambda t: t["techniques"].update({"mesogun": {"name": "Pistolet"}}))
    with pytest.raises(KnowledgeError) as error:
        _load(directory)
    assert str(error.value) == "i18n/fr.yaml: techniques[mesogun]: unknown code"


def test_a_conflict_missing_one_claim_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "i18n" / "fr.yaml", lambda t: t["conflicts"]["definition"]["claims"].pop())
    with pytest.raises(KnowledgeError, match=re.escape("conflicts[definition]: field 'claims'")):
        _load(directory)


def test_a_conflict_without_a_code_cannot_be_translated(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / "conflicts.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - code: herpes\n    topic:", "  - topic:"))
    with pytest.raises(KnowledgeError, match=r"^conflicts\[9\]: needs a code"):
        _load(directory)


@pytest.mark.parametrize("command", ["check", "compile"])
def test_kb_check_and_compile_exit_2_on_a_missing_translation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "i18n" / "de.yaml", lambda t: t["side_effects"]["numbness"].pop("typical_duration"))
    compiled = (directory / snapshot.COMPILED).read_text()
    monkeypatch.setattr(snapshot, "DATA_DIR", str(directory))
    assert cli.main(["kb", command]) == 2
    assert "i18n/de.yaml: side_effects[numbness]: field 'typical_duration'" in capsys.readouterr().err
    assert (directory / snapshot.COMPILED).read_text() == compiled  # nothing was written


def test_kb_check_passes_on_the_shipped_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["kb", "check"]) == 0
    assert capsys.readouterr().out == "knowledge base valid\n"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_names_are_translated_not_english_copies(language: str) -> None:
    translations = load_translations()
    same = set()
    for section in ("indications", "contraindications", "techniques"):
        for code, fields in translations._english[section].items():  # noqa: SLF001
            if translations.label(section, code, language) == fields["name"]:
                same.add((section, code))
    assert same == SAME_NAME[language]


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_no_text_of_more_than_one_word_is_left_in_english(language: str) -> None:
    same = set()
    for section, code, field, english, text in _every_text(load_translations(), language):
        if text == english and " " in str(english):
            same.add((section, code, field))
    assert same == SAME_TEXT[language]


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_number_is_kept(language: str) -> None:
    """Digits, not their notation: 0.1 ml is 0,1 ml and 1,175 patients 1 175 (fr) or 1.175 (de)."""
    for section, code, field, english, text in _every_text(load_translations(), language):
        english_text = " ".join(english) if isinstance(english, list) else english
        translated = " ".join(text) if isinstance(text, list) else text
        assert Counter(re.findall(r"\d+", translated)) == Counter(re.findall(r"\d+", english_text)), (
            f"{language}: {section}[{code}].{field}"
        )


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_the_translation_files_are_no_longer_placeholders(language: str) -> None:
    assert "PLACEHOLDER" not in (DATA / "i18n" / f"{language}.yaml").read_text(encoding="utf-8")


def test_every_conflict_has_a_code() -> None:
    codes = [c.code for c in load_knowledge().conflicts]
    assert all(codes) and len(set(codes)) == len(codes)
