"""Name search through an index (issue 15): pg_trgm on PostgreSQL, FTS5 on SQLite.

Each half runs only on its own database; see mesodesk.patients.search (its FTS_TABLE and
FOLDED_NAME are spelled out here, so that this migration stays what it was if they change)."""

from typing import Any

from django.db import migrations

from mesodesk.patients.search import fold_function_sql

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE patients_patient_fts USING fts5(family_name, given_name, "
    "content='patients_patient', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')",
    "INSERT INTO patients_patient_fts(patients_patient_fts) VALUES ('rebuild')",
    "CREATE TRIGGER patients_patient_fts_insert AFTER INSERT ON patients_patient BEGIN "
    "INSERT INTO patients_patient_fts(rowid, family_name, given_name) "
    "VALUES (new.id, new.family_name, new.given_name); END",
    "CREATE TRIGGER patients_patient_fts_delete AFTER DELETE ON patients_patient BEGIN "
    "INSERT INTO patients_patient_fts(patients_patient_fts, rowid, family_name, given_name) "
    "VALUES ('delete', old.id, old.family_name, old.given_name); END",
    "CREATE TRIGGER patients_patient_fts_update AFTER UPDATE OF family_name, given_name "
    "ON patients_patient BEGIN "
    "INSERT INTO patients_patient_fts(patients_patient_fts, rowid, family_name, given_name) "
    "VALUES ('delete', old.id, old.family_name, old.given_name); "
    "INSERT INTO patients_patient_fts(rowid, family_name, given_name) "
    "VALUES (new.id, new.family_name, new.given_name); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS patients_patient_fts_update",
    "DROP TRIGGER IF EXISTS patients_patient_fts_delete",
    "DROP TRIGGER IF EXISTS patients_patient_fts_insert",
    "DROP TABLE IF EXISTS patients_patient_fts",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    fold_function_sql("plpgsql"),
    "CREATE INDEX IF NOT EXISTS patient_name_trgm ON patients_patient USING gin "
    "(mesodesk_fold(' ' || family_name || ' ' || given_name) gin_trgm_ops)",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS patient_name_trgm", "DROP FUNCTION IF EXISTS mesodesk_fold(text)"]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("patients", "0005_patient_documents")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
