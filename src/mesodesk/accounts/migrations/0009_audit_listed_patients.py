"""The patients an audit listing names, one row each (accounts.models.AuditListedPatient),
append-only as the trail itself: triggers refuse UPDATE and DELETE (and TRUNCATE on
PostgreSQL), as 0002 made them for the events."""

from typing import Any

from django.db import migrations, models

SQLITE = [
    """CREATE TRIGGER audit_listed_no_update BEFORE UPDATE ON accounts_auditlistedpatient
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
    """CREATE TRIGGER audit_listed_no_delete BEFORE DELETE ON accounts_auditlistedpatient
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_listed_no_update",
    "DROP TRIGGER IF EXISTS audit_listed_no_delete",
]
# audit_refuse_change() is 0002's.
POSTGRES = [
    """CREATE TRIGGER audit_listed_no_change BEFORE UPDATE OR DELETE ON accounts_auditlistedpatient
       FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    """CREATE TRIGGER audit_listed_no_truncate BEFORE TRUNCATE ON accounts_auditlistedpatient
       FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_listed_no_change ON accounts_auditlistedpatient",
    "DROP TRIGGER IF EXISTS audit_listed_no_truncate ON accounts_auditlistedpatient",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def apply(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_audit_no_single_column_indexes")]

    operations = [
        migrations.CreateModel(
            name="AuditListedPatient",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "event_id",
                        "patient_id",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("event_id", models.BigIntegerField()),
                ("clinic_id", models.BigIntegerField()),
                ("patient_id", models.BigIntegerField()),
            ],
            options={
                "indexes": [
                    models.Index(fields=["clinic_id", "patient_id", "event_id"], name="audit_listed_patient")
                ],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
