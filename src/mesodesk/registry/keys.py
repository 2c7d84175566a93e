"""The key of the network registry's pseudonyms (clinic.registry.keyed_pseudonym), read when
the registry first needs it, not at every settings import (a CLI command, a worker or a test
process that never builds a registry dataset neither reads nor creates the key file).

Like the audit keys, never in the database: an analyst who reads the registry, or the
database itself, cannot recompute a pseudonym from a patient's id without it. Changing it
gives every patient a new pseudonym (last year's rows then no longer link)."""

from __future__ import annotations

import functools
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def registry_key() -> str:
    """settings.REGISTRY_KEY (MESODESK_REGISTRY_KEY) when set, else the key kept in
    settings.REGISTRY_KEY_FILE, created there on first use."""
    key: str | None = settings.REGISTRY_KEY
    return key if key else _key_from_file(Path(settings.REGISTRY_KEY_FILE))


@functools.cache
def _key_from_file(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # whoever creates the file first wins; the others read that key
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            try:
                os.write(handle, (secrets.token_urlsafe(32) + "\n").encode())
                os.fsync(handle)
            finally:
                os.close(handle)
    key = path.read_text().strip()
    if not key:
        raise ImproperlyConfigured(f"{path} holds no registry key")
    return key
