"""One audit chain per clinic, so that one clinic's writers never wait on another's lock.

The rows already written stay exactly as they are, in the chain they were written in:
- they cannot be rewritten: the triggers of 0002 refuse UPDATE, and rewriting the trail
  would itself destroy the evidence the chain exists to keep;
- their hashes were computed without a chain number, over one network-wide chain.
So the new `chain` column gives every existing row LEGACY_CHAIN (-1), "the network-wide
chain before per-clinic chains": it is verified as before (accounts.audit.row_hash leaves
the chain out of that chain's rows only), and it never grows again. New rows go to their
clinic's chain (or NO_CLINIC_CHAIN, 0), each starting from GENESIS, hashed with the chain.

Adding the column fills it from a default, never by UPDATE (PostgreSQL stores the default
in the catalogue; SQLite copies the rows into a rebuilt table, which fires no trigger).
Rebuilding the table on SQLite drops its triggers with the old table, so the last operation
creates them again (and on PostgreSQL makes sure they are there); going back, the first
operation's reverse does the same after the table has been rebuilt once more.

Going back is refused by the database once a second chain has rows: `previous_hash` is
unique network-wide again, and every chain starts at GENESIS.
"""

from typing import Any

from django.db import migrations, models

SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON accounts_auditevent
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON accounts_auditevent
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
]
POSTGRES_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON accounts_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    """CREATE OR REPLACE TRIGGER audit_no_truncate BEFORE TRUNCATE ON accounts_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
]
# CREATE OR REPLACE TRIGGER also re-enables a trigger someone disabled.


def ensure_triggers(apps: Any, schema_editor: Any) -> None:
    statements = {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRES_TRIGGERS}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_audit_append_only")]

    operations = [
        # Going back: runs last, after the table has been rebuilt without the column.
        migrations.RunPython(migrations.RunPython.noop, ensure_triggers),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.BigIntegerField(default=-1),  # LEGACY_CHAIN, for the rows already there
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(max_length=64),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["chain", "id"], name="audit_chain_id"),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("chain", "previous_hash"), name="audit_no_fork_in_chain"
            ),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("chain", -1))
                | models.Q(("chain", 0), ("clinic_id__isnull", True))
                | models.Q(("chain", models.F("clinic_id")), ("clinic_id__isnull", False)),
                name="audit_chain_is_the_clinics",
            ),
        ),
        migrations.RunPython(ensure_triggers, migrations.RunPython.noop),
    ]
