"""A signed session record never changes, and amendments are never changed or deleted, in
the database itself: a raw UPDATE or DELETE through the application's connection fails too,
as does adding, changing or removing a signed record's syringes, lots, points, areas or sites."""

from typing import Any

from django.db import migrations

LOCKED = "a signed session record is never changed; add an amendment"
PARTS = ("syringe", "syringelot", "injectionpoint", "nappagearea", "perfusionsite")
_SIGNED = "(SELECT status FROM charting_sessionrecord WHERE id = {row}.record_id) = 'signed'"


def _sqlite() -> list[str]:
    statements = [
        f"""CREATE TRIGGER charting_record_no_update BEFORE UPDATE ON charting_sessionrecord
            WHEN OLD.status = 'signed' BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END""",
        f"""CREATE TRIGGER charting_record_no_delete BEFORE DELETE ON charting_sessionrecord
            WHEN OLD.status = 'signed' BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END""",
        """CREATE TRIGGER charting_amendment_no_update BEFORE UPDATE ON charting_amendment
            BEGIN SELECT RAISE(ABORT, 'an amendment is never changed'); END""",
        """CREATE TRIGGER charting_amendment_no_delete BEFORE DELETE ON charting_amendment
            BEGIN SELECT RAISE(ABORT, 'an amendment is never changed'); END""",
    ]
    for part in PARTS:
        table = f"charting_{part}"
        statements += [
            f"""CREATE TRIGGER {table}_no_insert BEFORE INSERT ON {table}
                WHEN {_SIGNED.format(row="NEW")} BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END""",
            f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
                WHEN {_SIGNED.format(row="OLD")} OR {_SIGNED.format(row="NEW")}
                BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END""",
            f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
                WHEN {_SIGNED.format(row="OLD")} BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END""",
        ]
    return statements


def _sqlite_reverse() -> list[str]:
    names = ["charting_record_no_update", "charting_record_no_delete",
             "charting_amendment_no_update", "charting_amendment_no_delete"]  # fmt: skip
    for part in PARTS:
        names += [f"charting_{part}_no_{op}" for op in ("insert", "update", "delete")]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]


def _postgres() -> list[str]:
    statements = [
        f"""CREATE OR REPLACE FUNCTION charting_record_locked() RETURNS trigger AS $$
            BEGIN
              IF OLD.status = 'signed' THEN RAISE EXCEPTION '{LOCKED}'; END IF;
              IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql""",
        f"""CREATE OR REPLACE FUNCTION charting_part_locked() RETURNS trigger AS $$
            BEGIN
              IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM charting_sessionrecord
                  WHERE id = OLD.record_id AND status = 'signed') THEN
                RAISE EXCEPTION '{LOCKED}';
              END IF;
              IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM charting_sessionrecord
                  WHERE id = NEW.record_id AND status = 'signed') THEN
                RAISE EXCEPTION '{LOCKED}';
              END IF;
              IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql""",  # noqa: S608 - constants, not input
        """CREATE OR REPLACE FUNCTION charting_amendment_locked() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'an amendment is never changed'; END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER charting_record_locked BEFORE UPDATE OR DELETE ON charting_sessionrecord
            FOR EACH ROW EXECUTE FUNCTION charting_record_locked()""",
        """CREATE TRIGGER charting_amendment_locked BEFORE UPDATE OR DELETE ON charting_amendment
            FOR EACH ROW EXECUTE FUNCTION charting_amendment_locked()""",
    ]
    for part in PARTS:
        statements.append(
            f"""CREATE TRIGGER charting_{part}_locked BEFORE INSERT OR UPDATE OR DELETE
                ON charting_{part} FOR EACH ROW EXECUTE FUNCTION charting_part_locked()"""
        )
    return statements


def _postgres_reverse() -> list[str]:
    statements = [
        "DROP TRIGGER IF EXISTS charting_record_locked ON charting_sessionrecord",
        "DROP TRIGGER IF EXISTS charting_amendment_locked ON charting_amendment",
    ]
    statements += [f"DROP TRIGGER IF EXISTS charting_{p}_locked ON charting_{p}" for p in PARTS]
    statements += [
        "DROP FUNCTION IF EXISTS charting_record_locked()",
        "DROP FUNCTION IF EXISTS charting_part_locked()",
        "DROP FUNCTION IF EXISTS charting_amendment_locked()",
    ]
    return statements


SQLITE, SQLITE_REVERSE = _sqlite(), _sqlite_reverse()
POSTGRES, POSTGRES_REVERSE = _postgres(), _postgres_reverse()


def _run(statements: dict[str, list[str]]) -> Any:
    def apply(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("charting", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
