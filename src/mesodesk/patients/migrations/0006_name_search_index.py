"""Name search through an index (issue 15): pg_trgm on PostgreSQL, FTS5 on SQLite.

Each half runs only on its own database; see mesodesk.patients.search."""

from typing import Any

from django.db import migrations

from mesodesk.patients.search import FOLDED_NAME, FTS_TABLE, fold_function_sql

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(family_name, given_name, "
    "content='patients_patient', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
    f"CREATE TRIGGER patients_patient_fts_insert AFTER INSERT ON patients_patient BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, family_name, given_name) "
    "VALUES (new.id, new.family_name, new.given_name); END",
    f"CREATE TRIGGER patients_patient_fts_delete AFTER DELETE ON patients_patient BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, family_name, given_name) "
    "VALUES ('delete', old.id, old.family_name, old.given_name); END",
    "CREATE TRIGGER patients_patient_fts_update AFTER UPDATE OF family_name, given_name "
    f"ON patients_patient BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, family_name, given_name) "
    "VALUES ('delete', old.id, old.family_name, old.given_name); "
    f"INSERT INTO {FTS_TABLE}(rowid, family_name, given_name) "
    "VALUES (new.id, new.family_name, new.given_name); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS patients_patient_fts_update",
    "DROP TRIGGER IF EXISTS patients_patient_fts_delete",
    "DROP TRIGGER IF EXISTS patients_patient_fts_insert",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    fold_function_sql(),
    f"CREATE INDEX IF NOT EXISTS patient_name_trgm ON patients_patient USING gin ({FOLDED_NAME} gin_trgm_ops)",
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
