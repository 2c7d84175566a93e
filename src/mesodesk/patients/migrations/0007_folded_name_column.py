"""The name search's trigram index on a stored folded name (issue 15), PostgreSQL only.

0006 indexed the expression `mesodesk_fold(' ' || family_name || ' ' || given_name)`, so the
index's recheck of each candidate called the PL/pgSQL fold again: most of a search's time in
the database. Here the folded name is a stored generated column, `name_folded`, computed on
each write, and the trigram index is on it: the recheck reads a column. The fold becomes a SQL
function (inlined, no PL/pgSQL call on each write). The column is not in the Django model
(SQLite keeps its FTS5 table), so no ORM write names it. Works on a database that 0006 already
filled (the column is computed for the rows there); reversible to 0006's state.
The column and index statements are spelled out, so that they stay what they are if the search
module changes; the fold's body comes from search.fold_function_sql, as 0006's does."""

from typing import Any

from django.db import migrations

from mesodesk.patients.search import fold_function_sql

POSTGRES_FORWARD = [
    fold_function_sql("sql"),
    "ALTER TABLE patients_patient ADD COLUMN IF NOT EXISTS name_folded text "
    "GENERATED ALWAYS AS (mesodesk_fold(' ' || family_name || ' ' || given_name)) STORED",
    "CREATE INDEX IF NOT EXISTS patient_name_folded_trgm ON patients_patient "
    "USING gin (name_folded gin_trgm_ops)",
    "DROP INDEX IF EXISTS patient_name_trgm",
    "ANALYZE patients_patient",
]
POSTGRES_BACKWARD = [
    fold_function_sql("plpgsql"),
    "CREATE INDEX IF NOT EXISTS patient_name_trgm ON patients_patient USING gin "
    "(mesodesk_fold(' ' || family_name || ' ' || given_name) gin_trgm_ops)",
    "DROP INDEX IF EXISTS patient_name_folded_trgm",
    "ALTER TABLE patients_patient DROP COLUMN IF EXISTS name_folded",
]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("patients", "0006_name_search_index")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
