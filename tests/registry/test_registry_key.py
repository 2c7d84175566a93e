"""The registry key is read where the registry first needs it, not at every settings import."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from mesodesk.registry.keys import _key_from_file, registry_key


def test_starting_django_neither_reads_nor_creates_the_registry_key(tmp_path: Path) -> None:
    env = {**os.environ, "MESODESK_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "mesodesk.settings"}
    env.pop("MESODESK_REGISTRY_KEY", None)
    env.pop("MESODESK_REGISTRY_KEY_FILE", None)
    subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, check=True)
    assert not (tmp_path / "registry_key").exists()


def test_the_key_file_is_made_on_first_use_owner_only_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "registry_key"
    with override_settings(REGISTRY_KEY=None, REGISTRY_KEY_FILE=path):
        first = registry_key()
        _key_from_file.cache_clear()
        assert registry_key() == first  # read back, not made again
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().strip() == first


def test_the_environment_key_comes_before_any_file(tmp_path: Path) -> None:
    path = tmp_path / "registry_key"
    with override_settings(REGISTRY_KEY="from the environment", REGISTRY_KEY_FILE=path):
        assert registry_key() == "from the environment"
    assert not path.exists()


def test_an_empty_key_file_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "registry_key"
    path.write_text("\n")
    with (
        override_settings(REGISTRY_KEY=None, REGISTRY_KEY_FILE=path),
        pytest.raises(ImproperlyConfigured, match="holds no registry key"),
    ):
        registry_key()
