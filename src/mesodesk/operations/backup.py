"""`mesodesk backup` and `mesodesk restore`: a whole instance in one folder.

A backup folder holds the database (SQLite's online backup, or pg_dump's custom format),
the media files, the audit checkpoints (one written just before the dump, so the copy's
chains are anchored), and `manifest.json`: each file's SHA-256 and each table's row count.
The manifest is written last: a folder without one is an interrupted backup, which restore
refuses. Restoring checks every file against the manifest before touching anything, goes
only into an empty instance unless forced, and checks the row counts and the audit trail.

The audit key is not in the backup, on purpose (see docs/operations.md): keep it apart.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from mesodesk.accounts.checkpoints import PREFIX, CheckpointRefused, checkpoint_dir, checkpoint_write
from mesodesk.operations.database import (
    MIGRATE_FILLS,
    BackupError,
    database_counts,
    database_dump,
    database_load,
    dump_file_name,
    vendor,
)

FORMAT = "mesodesk-backup/1"
MANIFEST = "manifest.json"
MEDIA, CHECKPOINTS = "media", "audit-checkpoints"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_under(root: Path) -> list[Path]:
    """Regular files only, sorted: a link could point anywhere, outside the instance."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _copy_tree(source: Path, target: Path) -> None:
    for path in files_under(source):
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)


@dataclass(frozen=True)
class BackedUp:
    folder: Path
    warnings: list[str]


def backup_create(*, to: Path | None = None) -> BackedUp:
    """Back the instance up into `to` (a new or empty folder), or a dated one under BACKUP_DIR.

    A trail that contradicts its checkpoints is still backed up (that copy is evidence too),
    with the older checkpoints, and a warning instead of a new checkpoint."""
    now = timezone.now().astimezone(datetime.UTC)
    target = to or Path(settings.BACKUP_DIR) / f"mesodesk-{now:%Y%m%dT%H%M%SZ}"
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: give a new or empty folder")
    target.mkdir(parents=True, exist_ok=True)
    warnings = []
    try:
        checkpoint_write()  # the heads as they are now, into the instance's own folder, then copied
    except CheckpointRefused as exc:
        warnings.append(str(exc))
    tables = database_dump(target / dump_file_name())
    _copy_tree(Path(settings.MEDIA_ROOT), target / MEDIA)
    for path in sorted(checkpoint_dir().glob(f"{PREFIX}*.json")):
        (target / CHECKPOINTS).mkdir(exist_ok=True)
        shutil.copy2(path, target / CHECKPOINTS / path.name)
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        "database": {"vendor": vendor(), "file": dump_file_name()},
        "tables": tables,
        "files": {str(p.relative_to(target)): sha256_of(p) for p in files_under(target)},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return BackedUp(target, warnings)


def manifest_read(source: Path) -> dict[str, Any]:
    """The manifest, once every file it lists is there with its SHA-256, and no other is."""
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(f"{source} holds no readable {MANIFEST}: it is not a mesodesk backup") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source / MANIFEST} is not a mesodesk backup manifest")
    listed: dict[str, str] = manifest["files"]
    found = {str(p.relative_to(source)) for p in files_under(source)} - {MANIFEST}
    for name in sorted(set(listed) | found):
        if name not in found:
            raise BackupError(f"{name} is missing from the backup")
        if name not in listed:
            raise BackupError(f"{name} is in the backup folder but not in its manifest")
        if sha256_of(source / name) != listed[name]:
            raise BackupError(f"{name} does not match its SHA-256 in the manifest: the backup is damaged")
    return manifest


def instance_contents() -> dict[str, int]:
    """What this instance already holds: tables with rows (beyond migrate's own), media files."""
    held = {name: n for name, n in database_counts().items() if n and name not in MIGRATE_FILLS}
    media = len(files_under(Path(settings.MEDIA_ROOT)))
    return {**held, **({"media files": media} if media else {})}


@dataclass(frozen=True)
class Restored:
    tables: dict[str, int]
    differences: list[str]


def backup_restore(source: Path, *, force: bool = False) -> Restored:
    """Restore the backup in `source` into this instance; say what differs from its manifest."""
    manifest = manifest_read(source)
    if manifest["database"]["vendor"] != vendor():
        raise BackupError(
            f"this backup holds a {manifest['database']['vendor']} database; this instance uses {vendor()}"
        )
    held = instance_contents()
    if held and not force:
        shown = ", ".join(f"{name}: {n}" for name, n in sorted(held.items())[:5])
        raise BackupError(
            f"this instance is not empty ({shown}...); restore into an empty one, or use --force"
        )
    database_load(source / manifest["database"]["file"])
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    _copy_tree(source / MEDIA, media)
    # Added beside any checkpoints already there: a newer one (of the instance this replaces)
    # makes `audit verify` report the events the backup does not have, which is the truth.
    checkpoint_dir().mkdir(parents=True, exist_ok=True)
    for path in files_under(source / CHECKPOINTS):
        shutil.copy2(path, checkpoint_dir() / path.name)
    tables = database_counts()
    expected: dict[str, int] = manifest["tables"]
    differences = [
        f"table {name}: {expected.get(name, 0)} rows in the backup, {tables.get(name, 0)} restored"
        for name in sorted(set(expected) | set(tables))
        if expected.get(name, 0) != tables.get(name, 0)
    ]
    return Restored(tables, differences)
