"""No SQL is built by formatting text: a query's values go in its parameters.

ruff's S608 (in the `S` rules of pyproject.toml) flags SQL-looking strings built with
f-strings, `%` or `.format`; this test also catches the calls themselves, whatever the
string looks like: `.raw(`, `.execute(`, `.executemany(`, `.extra(` and `RawSQL(` must take a
literal string (parameters apart), never one that is formatted or concatenated."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCES = Path(__file__).resolve().parents[2] / "src" / "mesodesk"
_SQL_CALLS = {"raw", "execute", "executemany", "extra", "RawSQL"}


def _quoted_identifier(node: ast.expr) -> bool:
    """A table name can be no query parameter: `sql_identifier(name)` (accounts/sql.py)
    refuses all but a plain name before quoting it, and is the one thing an f-string may hold."""
    return isinstance(node, ast.Call) and getattr(node.func, "id", "") == "sql_identifier"


def _built(node: ast.expr) -> bool:
    """A string built at run time from pieces: an f-string, `%`, `+` or `.format(...)`."""
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.FormattedValue) and not _quoted_identifier(part.value)
            for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"


def formatted_sql(source: str) -> list[int]:
    """The lines where a SQL call's query is a built string."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in _SQL_CALLS and _built(node.args[0]):
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize(
    "line",
    [
        "cursor.execute(f\"SELECT * FROM patients WHERE name = '{name}'\")",
        'Patient.objects.raw("SELECT * FROM p WHERE id = %s" % pid)',
        'cursor.execute("SELECT * FROM p WHERE id = " + pid)',
        'cursor.executemany("DELETE FROM {}".format(table), rows)',
        'qs.extra(f"name = {name}")',
        'RawSQL(f"lower({column})", [])',
        'cursor.execute(f"SELECT count(*) FROM {sql_identifier(a)} WHERE x = {b}")',
    ],
)
def test_a_query_built_by_formatting_is_refused(line: str) -> None:
    assert formatted_sql(line) == [1]


@pytest.mark.parametrize(
    "line",
    [
        'cursor.execute("SELECT * FROM p WHERE id = %s", [pid])',
        'Patient.objects.raw("SELECT * FROM p WHERE name = %s", [name])',
        'cursor.execute("VACUUM")',
        'logger.info(f"{name} executed")',
        'cursor.execute(f"SELECT count(*) FROM {sql_identifier(name)}")',
    ],
)
def test_a_query_with_parameters_is_accepted(line: str) -> None:
    assert formatted_sql(line) == []


def test_no_module_of_mesodesk_builds_sql_by_formatting() -> None:
    found = {
        f"{path.relative_to(SOURCES)}:{line}"
        for path in SOURCES.rglob("*.py")
        for line in formatted_sql(path.read_text(encoding="utf-8"))
    }
    assert not found, f"SQL built by formatting (use the query's parameters): {sorted(found)}"


def test_ruff_checks_sql_strings_too() -> None:
    pyproject = (SOURCES.parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    select = next(line for line in pyproject.splitlines() if line.startswith("select = "))
    ignore = next(line for line in pyproject.splitlines() if line.startswith("ignore = "))
    assert '"S"' in select and "S608" not in ignore
