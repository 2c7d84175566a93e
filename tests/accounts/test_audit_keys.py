"""Where the audit key comes from: the environment, else a key file made once, owner-only."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from mesodesk.settings import _audit_keys


@pytest.fixture
def key_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("MESODESK_AUDIT_KEY", raising=False)
    monkeypatch.setenv("MESODESK_AUDIT_KEY_FILE", str(tmp_path / "keys" / "audit_keys"))
    return tmp_path / "keys" / "audit_keys"


def test_the_key_file_is_made_once_readable_by_its_owner_only(key_file: Path) -> None:
    with ThreadPoolExecutor(4) as pool:  # processes starting together all get the one key
        first = set(map(tuple, pool.map(lambda _: _audit_keys(), range(8))))
    assert len(first) == 1 and len(next(iter(first))) == 1
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [p.name for p in key_file.parent.iterdir()] == ["audit_keys"]


def test_a_rotated_key_file_signs_with_its_last_line(key_file: Path) -> None:
    key_file.parent.mkdir()
    key_file.write_text("# retired in 2026\nold-key\n\nnew-key\n")
    assert _audit_keys() == ["old-key", "new-key"]
    key_file.write_text("# nothing but a comment\n")
    with pytest.raises(ImproperlyConfigured, match="holds no audit key"):
        _audit_keys()


def test_keys_in_the_environment_come_before_any_file(
    key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MESODESK_AUDIT_KEY", "current")
    monkeypatch.setenv("MESODESK_AUDIT_RETIRED_KEYS", "first, second")
    assert _audit_keys() == ["first", "second", "current"]
    assert not key_file.exists()
