"""Fast inserts for the data generator: rows as tuples, ids chosen by the caller.

The ORM's `bulk_create` builds a model instance per row and cannot return ids on SQLite
in batches; ten million sessions need less. A `Table` takes plain tuples for the columns the
generator draws, fills every other column once with the field's default (or the run's
timestamp for `auto_now_add` fields), and hands each full batch to its sink: by default it
writes the batch with PostgreSQL's `COPY` or with SQLite's `executemany`; a generator worker's
sink sends it to the process that writes (demo.workers). Ids are given explicitly, so rows
can name each other before they are written; `sequences_reset` moves PostgreSQL's id
sequences past them afterwards.
"""

from __future__ import annotations

import datetime
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, models

from mesodesk.accounts.sql import sql_copy, sql_identifier, sql_insert

BATCH = 20_000
UTC = datetime.UTC


def _plain_json(value: Any) -> str:
    if value == []:  # most generated lists (a record's aftercare, a history's allergies) are empty
        return "[]"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _sqlite_datetime(value: datetime.datetime | None) -> str | None:
    # As Django stores them on SQLite: naive UTC text (an aware UTC time's text, "+00:00" cut).
    return None if value is None else value.astimezone(UTC).isoformat(" ")[:-6]


def _converter(field: models.Field[Any, Any], sqlite: bool) -> Callable[[Any], Any] | None:
    kind = field.get_internal_type()
    if kind == "JSONField":
        return _plain_json
    if sqlite and kind == "DateTimeField":
        return _sqlite_datetime
    if sqlite and kind == "DateField":
        return lambda v: None if v is None else v.isoformat()
    if sqlite and kind == "DecimalField":
        return lambda v: None if v is None else str(v)
    return None


Rows = list[tuple[Any, ...]]


class Table:
    """Rows for one model: `add` the drawn columns (id first), `flush` hands what is pending to
    the sink (`write` by default). `sqlite`: the rows' text as SQLite takes it (default: as the
    connection's vendor, which a worker process without a database is told instead)."""

    def __init__(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        *,
        now: datetime.datetime,
        sqlite: bool | None = None,
        sink: Callable[[Table, Rows], None] | None = None,
    ) -> None:
        self.model = model
        self.sqlite = connection.vendor == "sqlite" if sqlite is None else sqlite
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{model.__name__} has no column {unknown}")
        rest = [f for name, f in fields.items() if name not in columns]
        self.columns = [fields[c].column for c in columns] + [f.column for f in rest]
        converters = [_converter(fields[c], self.sqlite) for c in columns]
        self.converters = [(i, c) for i, c in enumerate(converters) if c is not None]
        constants = []
        for other in rest:
            value = now if getattr(other, "auto_now_add", False) else other.get_default()
            convert = _converter(other, self.sqlite)
            constants.append(convert(value) if convert and value is not None else value)
        self.constants = tuple(constants)
        self.pending: Rows = []
        self.written = 0
        self.sink: Callable[[Table, Rows], None] = sink or Table.write
        # What a full batch triggers: the generator flushes all its tables, parents first.
        self.on_full: Callable[[], None] = self.flush

    def add(self, row: tuple[Any, ...]) -> None:
        if self.converters:
            values = list(row)
            for index, convert in self.converters:
                values[index] = convert(values[index])
            row = tuple(values)
        self.pending.append(row + self.constants)
        if len(self.pending) >= BATCH:
            self.on_full()

    def flush(self) -> None:
        """Hand the pending rows to the sink; `written` counts the rows handed over."""
        if not self.pending:
            return
        rows, self.pending = self.pending, []
        self.sink(self, rows)
        self.written += len(rows)

    def write(self, rows: Rows) -> None:
        """Write rows laid out as this table's `add` lays them out, into the database."""
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            if self.sqlite:
                cursor.executemany(sql_insert(table, self.columns), rows)
            else:
                raw: Any = cursor.cursor  # psycopg 3's own cursor: COPY is not in Django's wrapper
                with raw.copy(sql_copy(table, self.columns)) as copy:
                    for row in rows:
                        copy.write_row(row)


def next_id(model: type[models.Model]) -> int:
    """The first id after every row of the table (whatever scope: this reads the table itself)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {sql_identifier(model._meta.db_table)}")  # noqa: S608
        (top,) = cursor.fetchone()
    return int(top or 0) + 1


def sequences_reset(models_written: Iterable[type[models.Model]]) -> None:
    """PostgreSQL: move each table's id sequence past the ids given by hand (SQLite needs nothing)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models_written:
            table = model._meta.db_table
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608 - the name is checked
                f"COALESCE((SELECT MAX(id) FROM {sql_identifier(table)}), 1))",
                [table],
            )


def decimal(value: float, places: int) -> Decimal:
    return Decimal(f"{value:.{places}f}")


@dataclass
class Progress:
    """A one-line progress bar on stderr, in course sessions."""

    total: int
    done: int = 0
    started: float = field(default_factory=time.perf_counter)
    out: Any = field(default_factory=lambda: sys.stderr)
    shown: float = 0.0

    def advance(self, count: int, *, force: bool = False) -> None:
        self.done += count
        now = time.perf_counter()
        if not force and now - self.shown < 0.5:
            return
        self.shown = now
        share = min(1.0, self.done / self.total) if self.total else 1.0
        rate = self.done / max(now - self.started, 1e-9)
        bar = "#" * int(share * 30)
        self.out.write(f"\r[{bar:30}] {share:4.0%} {self.done:,} sessions, {rate:,.0f}/s ")
        self.out.flush()

    def close(self) -> None:
        self.advance(0, force=True)
        self.out.write("\n")


class Null:
    """Where the progress bar goes when it is not wanted."""

    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass
