"""The backup drill: a clinic filled through the application, backed up while it runs,
restored into a fresh instance, and compared table by table, file by file and event by event.

Both instances are real ones, driven through the `mesodesk` command with their own var
folders and databases (fresh SQLite files, or fresh PostgreSQL databases beside the test
one when the suite runs on PostgreSQL); they share only the audit key, which an operator
keeps apart from the backups.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from mesodesk.accounts.models import Clinic
from mesodesk.operations.backup import backup_restore
from mesodesk.operations.database import BackupError, sql_identifier
from tests.conftest import make_patient

MESODESK = str(Path(sys.executable).parent / "mesodesk")
URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = URL.startswith(("postgres://", "postgresql://"))

FILL = """
import datetime
from django.contrib.auth.models import User
from django_scopes import scopes_disabled
from mesodesk.accounts.audit import audit_record
from mesodesk.accounts.models import Clinic, Membership, Network
from mesodesk.patients.selectors import patients_read_audit
from mesodesk.patients.services import patient_create

network = Network.objects.create(name="Drill network")
for slug in ("lyon", "nantes"):
    clinic = Clinic.objects.create(network=network, name=f"Drill {slug}", slug=slug)
    user = User.objects.create_user(username=f"{slug}-clinician", password="a long drill password")
    Membership.objects.create(user=user, clinic=clinic, role="clinician")
    with scopes_disabled():
        made = [
            patient_create(actor=user, clinic=clinic, family_name=f"Family{i}", given_name="Drill",
                           date_of_birth=datetime.date(1970 + i, 1, 2), notes="Ünïcode ✓ notes")
            for i in range(15)
        ]
        patients_read_audit(user=user, patients=made, where="list")
audit_record(action="failed_sign_in", actor_id=None, actor="nobody")
"""


def _postgres(sql: str) -> None:
    import psycopg

    with psycopg.connect(URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(sql)


@pytest.fixture
def instances(tmp_path: Path) -> Iterator[dict[str, dict[str, str]]]:
    """Two fresh instances, `source` and `target`, sharing one audit key file."""
    key_file = tmp_path / "audit_keys"
    key_file.write_text("the drill's audit key, kept apart from the backups\n")
    made, databases = {}, []
    for name in ("source", "target"):
        env = {
            **os.environ,
            "MESODESK_VAR_DIR": str(tmp_path / name),
            "MESODESK_AUDIT_KEY_FILE": str(key_file),
        }
        env.pop("MESODESK_AUDIT_KEY", None)
        if ON_POSTGRES:
            database = f"{URL.rsplit('/', 1)[1]}_drill_{name}"
            _postgres(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            _postgres(f"CREATE DATABASE {database}")
            env["DATABASE_URL"] = URL.rsplit("/", 1)[0] + f"/{database}"
            databases.append(database)
        else:
            env.pop("DATABASE_URL", None)
        made[name] = env
    yield made
    for database in databases:
        _postgres(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def mesodesk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [MESODESK, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def query(env: dict[str, str], sql: str) -> list[tuple[Any, ...]]:
    if ON_POSTGRES:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as db:
            return list(db.execute(sql).fetchall())  # type: ignore[arg-type]
    db = sqlite3.connect(Path(env["MESODESK_VAR_DIR"]) / "mesodesk.sqlite3")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def table_counts(env: dict[str, str]) -> dict[str, int]:
    if ON_POSTGRES:
        names = [n for (n,) in query(env, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    else:
        names = [n for (n,) in query(env, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {n: query(env, f'SELECT count(*) FROM "{n}"')[0][0] for n in names if not n.startswith("sqlite_")}  # noqa: S608


def media_digests(env: dict[str, str]) -> dict[str, str]:
    root = Path(env["MESODESK_VAR_DIR"]) / "media"
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


AUDIT_ROWS = "SELECT id, chain, at, actor, action, object_id, previous_hash, hash, key_id FROM accounts_auditevent ORDER BY id"


def test_the_drill_restores_every_row_file_and_audit_event_and_refuses_a_non_empty_or_damaged_instance(
    instances: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    source, target = instances["source"], instances["target"]
    assert mesodesk(source, "manage", "migrate", "-v", "0").returncode == 0
    filled = mesodesk(source, "manage", "shell", "-c", FILL)
    assert filled.returncode == 0, filled.stderr
    media = Path(source["MESODESK_VAR_DIR"]) / "media"
    (media / "photos" / "2026").mkdir(parents=True)
    (media / "photos" / "2026" / "before.jpg").write_bytes(os.urandom(50_000))
    (media / "consent signed.pdf").write_bytes(b"%PDF-1.7 " + os.urandom(3000))

    backup = tmp_path / "backup"
    made = mesodesk(source, "backup", "--to", str(backup))
    assert made.returncode == 0 and f"backup written to {backup}" in made.stdout, made.stderr
    assert (backup / "manifest.json").exists() and list((backup / "audit-checkpoints").glob("*.json"))

    restored = mesodesk(target, "restore", str(backup))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "audit trail intact" in restored.stdout

    counts = table_counts(source)
    # Each clinic's 15 creations and its list that showed them (one listing naming 15), and
    # the failed sign-in.
    assert counts["patients_patient"] == 30 and counts["accounts_auditevent"] == 2 * (15 + 1) + 1
    assert counts["accounts_auditlistedpatient"] == 30
    assert table_counts(target) == counts  # every table, 100 % equal
    assert query(target, AUDIT_ROWS) == query(source, AUDIT_ROWS)  # every chain, event by event
    assert media_digests(target) == media_digests(source) and len(media_digests(source)) == 2

    verified = mesodesk(target, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "audit trail intact" in verified.stdout and "compared with checkpoint" in verified.stdout

    # A second restore into what is now a filled instance is refused; --force replaces it.
    again = mesodesk(target, "restore", str(backup))
    assert again.returncode != 0 and "this instance is not empty" in again.stderr
    forced = mesodesk(target, "restore", str(backup), "--force")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert table_counts(target) == counts

    # A damaged backup is refused before anything is touched, naming the file.
    photo = backup / "media" / "photos" / "2026" / "before.jpg"
    photo.write_bytes(b"X" + photo.read_bytes()[1:])
    damaged = mesodesk(target, "restore", str(backup), "--force")
    assert damaged.returncode != 0
    assert "media/photos/2026/before.jpg does not match its SHA-256" in damaged.stderr
    assert table_counts(target) == counts


@pytest.mark.django_db
def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="not a mesodesk backup"):
        backup_restore(tmp_path)


@pytest.mark.django_db
def test_dumpdata_exports_every_clinics_patients_despite_the_clinic_scope(
    clinic_a: Clinic, clinic_b: Clinic, capsys: pytest.CaptureFixture[str]
) -> None:
    make_patient(clinic_a, family="Alpha")
    make_patient(clinic_b, family="Beta")
    call_command("dumpdata", "patients.patient")
    out = capsys.readouterr().out
    assert '"family_name": "Alpha"' in out and '"family_name": "Beta"' in out
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.django_db
def test_a_trail_that_contradicts_its_checkpoint_is_still_backed_up_with_a_warning(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mesodesk.accounts import checkpoints
    from mesodesk.operations import backup

    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.MEDIA_ROOT = tmp_path / "media"
    refusal = checkpoints.CheckpointRefused("no checkpoint written: the database does not match …")

    def refuse(directory: Path | None = None) -> Path:
        raise refusal

    monkeypatch.setattr(backup, "checkpoint_write", refuse)
    done = backup.backup_create(to=tmp_path / "backup")
    assert done.warnings == [str(refusal)]
    assert (tmp_path / "backup" / "manifest.json").exists()
    assert backup.manifest_read(tmp_path / "backup")["tables"]["django_migrations"] > 0


def test_a_table_name_that_could_close_its_quotes_is_refused() -> None:
    assert sql_identifier("accounts_auditevent") == '"accounts_auditevent"'
    with pytest.raises(BackupError):
        sql_identifier('x"; DROP TABLE accounts_auditevent; --')
