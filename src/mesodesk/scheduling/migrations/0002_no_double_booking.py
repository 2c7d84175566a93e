"""On PostgreSQL the database itself refuses a second overlapping booking for one clinician
or one room (exclusion constraints). SQLite has no such constraint; the booking service
checks there while holding the database's write lock (see scheduling.services)."""

from typing import Any

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE scheduling_appointment ADD CONSTRAINT appointment_clinician_no_overlap
       EXCLUDE USING gist (clinician_id WITH =, tstzrange(start, "end", '[)') WITH &&)
       WHERE (cancelled_at IS NULL)""",
    """ALTER TABLE scheduling_appointment ADD CONSTRAINT appointment_room_no_overlap
       EXCLUDE USING gist (room_id WITH =, tstzrange(start, "end", '[)') WITH &&)
       WHERE (cancelled_at IS NULL AND room_id IS NOT NULL)""",
]
POSTGRES_REVERSE = [
    "ALTER TABLE scheduling_appointment DROP CONSTRAINT IF EXISTS appointment_clinician_no_overlap",
    "ALTER TABLE scheduling_appointment DROP CONSTRAINT IF EXISTS appointment_room_no_overlap",
]


def _run(statements: list[str]) -> Any:
    def apply(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial")]
    operations = [migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE))]
