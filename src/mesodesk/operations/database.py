"""The database half of a backup: a consistent copy of the whole database, and its tables' row
counts read in the same snapshot, for SQLite (the online backup API) and PostgreSQL (pg_dump)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with argument lists, never a shell
from pathlib import Path
from typing import Any

import psycopg
from django.db import connection

from mesodesk.accounts.sql import sql_identifier as quoted_name

# Filled by `migrate` itself: an instance holding rows only there is still empty.
MIGRATE_FILLS = frozenset({"django_migrations", "django_content_type", "auth_permission"})


class BackupError(Exception):
    """A backup or restore that cannot go on, said in plain words."""


def vendor() -> str:
    return connection.vendor


def dump_file_name() -> str:
    return "database.sqlite3" if vendor() == "sqlite" else "database.pgdump"


def _settings() -> dict[str, Any]:
    return connection.settings_dict


def sql_identifier(name: str) -> str:
    """A table name from the database's own catalogue, quoted (accounts.sql); a name that
    could close its quotes is a BackupError, named as the backup reports its failures."""
    try:
        return quoted_name(name)
    except ValueError:
        raise BackupError(f"unexpected table name {name!r}") from None


def _sqlite_path() -> Path:
    return Path(str(_settings()["NAME"]))


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: db.execute(f"SELECT count(*) FROM {sql_identifier(name)}").fetchone()[0] for name in names}  # noqa: S608


def _pg_env() -> dict[str, str]:
    conf = _settings()
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if conf.get(key):
            env[variable] = str(conf[key])
    env["PGDATABASE"] = str(conf["NAME"])
    return env


def _pg_connect() -> psycopg.Connection[Any]:
    env = _pg_env()
    try:
        return psycopg.connect(
            host=env.get("PGHOST"),
            port=env.get("PGPORT"),
            user=env.get("PGUSER"),
            password=env.get("PGPASSWORD"),
            dbname=env["PGDATABASE"],
        )
    except psycopg.OperationalError as exc:
        raise BackupError(
            f"cannot reach the database {env['PGDATABASE']!r} (create it first with createdb): {exc}"
        ) from None


def _pg_counts(db: psycopg.Connection[Any]) -> dict[str, int]:
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
        names = [row[0] for row in cursor.fetchall()]
        counts = {}
        for name in names:
            cursor.execute(f"SELECT count(*) FROM {sql_identifier(name)}")  # noqa: S608
            counts[name] = int(cursor.fetchone()[0])  # type: ignore[index]
    return counts


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: it comes with the PostgreSQL client tools")
    return path


def database_dump(target: Path) -> dict[str, int]:
    """Copy the database to `target`; return each table's row count in the copied state."""
    if vendor() == "sqlite":
        if not _sqlite_path().exists():  # connecting would create an empty one, and back that up
            raise BackupError(f"there is no database at {_sqlite_path()}: nothing to back up")
        source = sqlite3.connect(_sqlite_path())
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # a consistent copy page by page, while the application writes on
            return _sqlite_counts(copy)
        finally:
            copy.close()
            source.close()
    # One snapshot, exported to pg_dump, so the counts and the dump see the very same rows.
    with _pg_connect() as db:
        db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with db.transaction(), db.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = str(cursor.fetchone()[0])  # type: ignore[index]
            counts = _pg_counts(db)
            done = subprocess.run(  # noqa: S603 - a fixed program and our own arguments
                [_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                env=_pg_env(),
                capture_output=True,
                text=True,
                check=False,
            )
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    return counts


def database_counts() -> dict[str, int]:
    """Each table's row count in this instance's database now (none when it does not exist yet)."""
    if vendor() == "sqlite":
        if not _sqlite_path().exists():
            return {}
        db = sqlite3.connect(_sqlite_path())
        try:
            return _sqlite_counts(db)
        finally:
            db.close()
    with _pg_connect() as pg:
        return _pg_counts(pg)


def database_load(source: Path) -> None:
    """Replace this instance's database with the copy in `source`."""
    connection.close()  # Django's own connection would hold the old database open
    if vendor() == "sqlite":
        path = _sqlite_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        copy = sqlite3.connect(source)
        target = sqlite3.connect(path)
        try:
            copy.backup(target)
        finally:
            target.close()
            copy.close()
        return
    done = subprocess.run(  # noqa: S603 - a fixed program and our own arguments
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={_pg_env()['PGDATABASE']}",
            str(source),
        ],  # fmt: skip
        env=_pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing was changed: {done.stderr.strip()}")
