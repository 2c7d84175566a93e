"""The web application refuses to start when a French or German knowledge text is missing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps

from mesodesk.knowledge import i18n, snapshot
from mesodesk.knowledge.errors import KnowledgeError

DATA = Path(snapshot.DATA_DIR)


@pytest.fixture
def fresh_translations() -> Iterator[None]:
    i18n.load_translations.cache_clear()
    yield
    i18n.load_translations.cache_clear()  # the next test loads the shipped files again


def test_the_reference_app_will_not_start_without_every_translation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_translations: None
) -> None:
    for name in snapshot.FILES:
        shutil.copy(DATA / name, tmp_path / name)
    shutil.copytree(DATA / "i18n", tmp_path / "i18n")
    german = tmp_path / "i18n" / "de.yaml"
    text = german.read_text(encoding="utf-8")
    assert "  pregnancy:\n    name: Schwangerschaft\n" in text
    german.write_text(text.replace("  pregnancy:\n    name: Schwangerschaft\n", "  pregnancy:\n"))
    monkeypatch.setattr(snapshot, "DATA_DIR", str(tmp_path))
    monkeypatch.setattr(i18n, "DATA_DIR", str(tmp_path))
    with pytest.raises(KnowledgeError, match=r"i18n/de.yaml: contraindications\[pregnancy\]: field 'name'"):
        apps.get_app_config("reference").ready()


def test_the_reference_app_starts_with_the_shipped_translations(fresh_translations: None) -> None:
    apps.get_app_config("reference").ready()
