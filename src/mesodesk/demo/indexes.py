"""Secondary indexes off for an l-sized generator run, and back in one pass each after it.

Keeping a B-tree in order row by row is much of the database's share of a bulk load; building
it once over the finished table is a sort. So a run with `indexes_off` drops the non-unique
secondary indexes of the tables it writes (unique indexes stay: they are constraints, and the
primary keys and the appointments' exclusion constraint are left alone) and creates them again
from their own definitions when it ends, identical to the migrated schema.

Safe against interruption: the definitions are written to a ledger table in the same
transaction that drops the indexes, and every run puts back whatever a ledger names before
anything else (an interrupted run's too), ledger dropped in the same transaction. A run
that ends, even by an exception, puts them back at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, models, transaction

from mesodesk.accounts.sql import sql_identifier

LEDGER = "demo_generate_dropped_index"


def secondary(tables: Iterable[str]) -> list[tuple[str, str]]:
    """(name, definition) of the tables' non-unique indexes that back no constraint."""
    names = sorted(tables)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace "
                "AND NOT x.indisunique AND NOT x.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
                "ORDER BY i.relname",
                [names],
            )
        else:
            # The table names as one JSON parameter: the statement stays a constant.
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND sql NOT LIKE 'CREATE UNIQUE%%' "
                "AND tbl_name IN (SELECT value FROM json_each(%s)) ORDER BY name",
                [json.dumps(names)],
            )
        return [(str(name), str(sql)) for name, sql in cursor.fetchall()]


def restore() -> int:
    """Create again every index a ledger names (a run that was stopped, or this one), drop the
    ledger; one transaction. Returns how many indexes were put back."""
    if LEDGER not in connection.introspection.table_names():
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT name, definition FROM {sql_identifier(LEDGER)} ORDER BY name")  # noqa: S608
        dropped = list(cursor.fetchall())
        if connection.vendor == "postgresql":
            # A caller's transaction (a test's) may hold deferred key checks, and PostgreSQL
            # builds no index on a table with pending trigger events: checked now, deferred again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for _name, definition in dropped:
            cursor.execute(definition)
        cursor.execute(f"DROP TABLE {sql_identifier(LEDGER)}")
    return len(dropped)


def drop(written: Iterable[type[models.Model]]) -> int:
    """Drop the written tables' secondary indexes, their definitions kept in the ledger."""
    found = secondary(model._meta.db_table for model in written)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {sql_identifier(LEDGER)} (name varchar(200) PRIMARY KEY, definition text)"
        )
        for name, definition in found:
            cursor.execute(
                f"INSERT INTO {sql_identifier(LEDGER)} (name, definition) VALUES (%s, %s)",  # noqa: S608
                [name, definition],
            )
            cursor.execute(f"DROP INDEX {sql_identifier(name)}")
    return len(found)


@contextmanager
def indexes_off(written: Iterable[type[models.Model]], *, enabled: bool) -> Iterator[None]:
    """Around a run: an earlier run's dropped indexes back first; then, when `enabled`, the
    written tables' secondary indexes off for the run and rebuilt after it."""
    restore()
    if not enabled:
        yield
        return
    drop(written)
    try:
        yield
    finally:
        restore()
