"""Names in SQL text. A table or column name cannot be a query parameter; where a statement
must name one (a bulk COPY, a count per table, a plain statement kept short under a lock),
`sql_identifier` refuses all but a plain name before quoting it, so nothing read can close
the quotes. It is the one thing an f-string of SQL may hold
(tests/security/test_no_sql_by_formatting.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def sql_identifier(name: str) -> str:
    """`name`, double-quoted as SQLite and PostgreSQL both read it; ValueError unless plain."""
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"unexpected SQL name {name!r}")
    return f'"{name}"'


def sql_insert(table: str, columns: Sequence[str], *, returning: str = "") -> str:
    """`INSERT INTO "table" ("a", "b") VALUES (%s, %s)`: every name through sql_identifier,
    every value a parameter; `returning` names a column the statement answers with (SQLite
    3.35 and PostgreSQL both read `RETURNING`)."""
    names = ", ".join(sql_identifier(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    answer = f" RETURNING {sql_identifier(returning)}" if returning else ""
    return f"INSERT INTO {sql_identifier(table)} ({names}) VALUES ({marks}){answer}"  # noqa: S608 - names checked


def sql_copy(table: str, columns: Sequence[str]) -> str:
    """PostgreSQL's `COPY "table" ("a", "b") FROM STDIN`, the names checked as sql_insert's."""
    names = ", ".join(sql_identifier(c) for c in columns)
    return f"COPY {sql_identifier(table)} ({names}) FROM STDIN"
