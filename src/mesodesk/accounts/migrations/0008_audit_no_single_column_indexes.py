"""The audit trail's single-column indexes on clinic_id and patient_id go, and on PostgreSQL
the pattern (LIKE) index Django adds beside the unique hash's.

Every read of the trail names the clinic (accounts.selectors.audit_events) or the chain
(writing, verifying, checkpoints), so the (clinic_id, …) and (chain, id) indexes serve them
all; the two single-column b-trees only made each audited read dearer: a 25-line batch took
about 0.87× the processor without them (2026-11-24, docs/performance.md). Dropped by name,
with the state altered apart: on SQLite, AlterField would rebuild the table, and with it drop
the triggers that refuse UPDATE and DELETE (0002, 0003).
"""

from typing import Any

from django.db import migrations, models


def drop_like_index(apps: Any, schema_editor: Any) -> None:
    """The LIKE index PostgreSQL gets for a unique CharField: no query of the hash uses LIKE."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "accounts_auditevent_hash_22dea186_like"')


def create_like_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'CREATE INDEX "accounts_auditevent_hash_22dea186_like" ON "accounts_auditevent" '
            '("hash" varchar_pattern_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_audit_sort_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "accounts_auditevent_clinic_id_b594aaf1"',
                    reverse_sql='CREATE INDEX "accounts_auditevent_clinic_id_b594aaf1" '
                    'ON "accounts_auditevent" ("clinic_id")',
                ),
                migrations.RunSQL(
                    sql='DROP INDEX IF EXISTS "accounts_auditevent_patient_id_42daccf2"',
                    reverse_sql='CREATE INDEX "accounts_auditevent_patient_id_42daccf2" '
                    'ON "accounts_auditevent" ("patient_id")',
                ),
                migrations.RunPython(drop_like_index, create_like_index),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent", name="clinic_id", field=models.BigIntegerField(null=True)
                ),
                migrations.AlterField(
                    model_name="auditevent", name="patient_id", field=models.BigIntegerField(null=True)
                ),
            ],
        ),
    ]
