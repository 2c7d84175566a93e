"""The generator's bulk-load settings, measured to help (docs/performance.md, "Data generator").

- SQLite, for the whole run: no fsync per commit (`synchronous=OFF`: a crash loses the run,
  not the database's consistency, WAL is kept), a 256 MB page cache and temporary B-trees in
  memory; the connection's previous values come back after.
- Per clinic, inside the clinic's own transaction: the signed-record guard on the parts a
  record holds (syringes, lots, points; charting migration 0002) is lifted, and put back
  before the commit. SQLite drops those triggers and creates them again from their own text
  in `sqlite_master`; PostgreSQL disables the tables' user triggers, which the app's role may
  do as the tables' owner (no superuser setting), and turns `synchronous_commit` off for the
  transaction. Both are transactional: an interrupted clinic rolls back with its guard whole.
  The guard's invariant is then checked once: every part written belongs to a record written
  by the same clinic's run (the generator signs its records only after their parts are in).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, models

from mesodesk.accounts.sql import sql_identifier
from mesodesk.charting.models import InjectionPoint, SessionRecord, Syringe, SyringeLot

PARTS: tuple[type[models.Model], ...] = (Syringe, SyringeLot, InjectionPoint)
SQLITE_PRAGMAS = ("PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144", "PRAGMA temp_store = MEMORY")


class GuardBroken(Exception):
    """A generated part names a record the run did not write (the guard would have refused it)."""


@contextmanager
def bulk_session() -> Iterator[None]:
    """The SQLite connection's bulk settings for the run; the connection is closed after, so
    the next query opens one with the settings' own (`init_command`). Not inside a caller's
    transaction (a test's), whose connection is not this function's to close."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_PRAGMAS:
            cursor.execute(statement)
    try:
        yield
    finally:
        connection.close()


@contextmanager
def guard_lifted(first: dict[type, int]) -> Iterator[None]:
    """Inside a clinic's transaction: the parts' insert guard off, then back, then checked."""
    tables = [model._meta.db_table for model in PARTS]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit = off")
            for table in tables:
                cursor.execute(f"ALTER TABLE {sql_identifier(table)} DISABLE TRIGGER USER")
            saved: list[tuple[str, str]] = []
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s, %s) "
                "AND name LIKE %s",
                [*tables, "%_no_insert"],
            )
            saved = list(cursor.fetchall())
            for name, _sql in saved:
                cursor.execute(f"DROP TRIGGER {sql_identifier(name)}")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The deferred foreign-key checks of the rows just copied run now (ALTER TABLE
            # refuses a table with pending trigger events), then are deferred again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in tables:
                cursor.execute(f"ALTER TABLE {sql_identifier(table)} ENABLE TRIGGER USER")
        else:
            for _name, sql in saved:
                cursor.execute(sql)
    guard_check(first)


def guard_check(first: dict[type, int]) -> None:
    """GuardBroken unless every part written from `first` (the first id of each table in
    this clinic's run) on belongs to a record of the run that is not yet signed."""
    with connection.cursor() as cursor:
        for model in PARTS:
            cursor.execute(
                f"SELECT COUNT(*) FROM {sql_identifier(model._meta.db_table)} p "  # noqa: S608 - names checked
                f"LEFT JOIN {sql_identifier(SessionRecord._meta.db_table)} r ON r.id = p.record_id "
                "WHERE p.id >= %s AND (p.record_id < %s OR r.id IS NULL OR r.status <> 'draft')",
                [first[model], first[SessionRecord]],
            )
            (bad,) = cursor.fetchone()
            if bad:
                raise GuardBroken(f"{model.__name__}: {bad} rows on a signed or missing record")
