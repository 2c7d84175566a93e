"""The audit trail's hashes become HMACs under a key the database does not hold.

Until now a row's hash was plain SHA-256: whoever could write the table could edit a row
and recompute every hash after it, and `audit verify` found nothing. Each row now names
the key it was signed with (`key_id`), and this migration re-signs the rows already there
with the installation's signing key (settings.AUDIT_KEYS), chain by chain, in order.

Re-signing a trail that was already rewritten would launder the rewrite: so each chain is
first checked with the old rule, and the migration stops, naming the row, if one link does
not hold. (Restore the audit table from a backup taken before the break, or investigate;
nothing is changed until every chain holds.)

The rules are frozen here on purpose: accounts.audit may change, this migration may not.
The triggers of 0002 refuse UPDATE, so they are lifted for the re-signing only, inside the
migration's transaction, and set back (as 0003 does, also after SQLite rebuilds the table
to add the column). Going back is refused once rows exist: their old hashes are gone.
"""

import datetime
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.db import migrations, models

LEGACY_CHAIN = -1
GENESIS = "0" * 64

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
LIFT = {
    "sqlite": ["DROP TRIGGER IF EXISTS audit_no_update"],
    "postgresql": ["ALTER TABLE accounts_auditevent DISABLE TRIGGER audit_no_change"],
}


def ensure_triggers(apps: Any, schema_editor: Any) -> None:
    statements = {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRES_TRIGGERS}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def _payload(row: Any) -> dict[str, Any]:
    return {
        "at": row.at.astimezone(datetime.UTC).isoformat(),
        "actor_id": row.actor_id,
        "actor": row.actor,
        "clinic_id": row.clinic_id,
        "patient_id": row.patient_id,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "detail": row.detail,
    }


def _canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def old_hash(previous_hash: str, row: Any) -> str:
    payload = _payload(row)
    if row.chain != LEGACY_CHAIN:
        payload["chain"] = row.chain
    return hashlib.sha256((previous_hash + _canonical(payload)).encode()).hexdigest()


def keyed_hash(previous_hash: str, row: Any, key_id: str, key: str) -> str:
    payload = {**_payload(row), "chain": row.chain, "key": key_id}
    return hmac.new(key.encode(), (previous_hash + _canonical(payload)).encode(), hashlib.sha256).hexdigest()


def resign(apps: Any, schema_editor: Any) -> None:
    AuditEvent = apps.get_model("accounts", "AuditEvent")  # noqa: N806
    rows = AuditEvent.objects.using(schema_editor.connection.alias)
    if not rows.exists():
        return
    key = settings.AUDIT_KEYS[-1]
    key_id = hashlib.sha256(f"mesodesk audit key id:{key}".encode()).hexdigest()[:8]
    chains = sorted(set(rows.values_list("chain", flat=True)))
    for chain in chains:  # every chain checked before anything is written
        previous = GENESIS
        for row in rows.filter(chain=chain).order_by("id").iterator():
            if row.previous_hash != previous or old_hash(previous, row) != row.hash:
                raise RuntimeError(
                    f"audit trail broken at event {row.id} (chain {chain}): it is not re-signed, "
                    "so as not to hide the break. Run `mesodesk audit verify` with the previous "
                    "version, restore the audit table from a backup taken before the break, then migrate."
                )
            previous = row.hash
    for sql in LIFT.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)
    for chain in chains:
        previous = GENESIS
        for row in list(rows.filter(chain=chain).order_by("id")):
            new = keyed_hash(previous, row, key_id, key)
            rows.filter(pk=row.pk).update(previous_hash=previous, hash=new, key_id=key_id)
            previous = new
    ensure_triggers(apps, schema_editor)


def refuse_going_back(apps: Any, schema_editor: Any) -> None:
    if apps.get_model("accounts", "AuditEvent").objects.using(schema_editor.connection.alias).exists():
        raise RuntimeError("the audit rows were re-signed with a key: their SHA-256 hashes cannot come back")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_clinic_letterhead")]

    operations = [
        # Going back: runs last, after SQLite has rebuilt the table without the column.
        migrations.RunPython(migrations.RunPython.noop, ensure_triggers),
        migrations.RunPython(migrations.RunPython.noop, refuse_going_back),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
        migrations.RunPython(ensure_triggers, migrations.RunPython.noop),
        migrations.RunPython(resign, migrations.RunPython.noop),
    ]
