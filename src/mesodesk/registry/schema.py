"""The pseudonymized dataset's tables: what registry.dataset writes from the database, what
bench/registry.py generates, and what registry.report reads. No Django here.

Nothing in them names anyone. `patient` and `course` are keyed pseudonyms (63-bit numbers,
clinic.registry.keyed_pseudonym), `clinic` a code (C01…), an age a band, a date a year and
a month; free text (a description, a note, a name) is never copied. Sessions are the ones
done; an adverse event belongs to a done session.
"""

from __future__ import annotations

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "patients": (("patient", "BIGINT"), ("clinic", "VARCHAR"), ("sex", "VARCHAR"), ("age_band", "VARCHAR")),
    "courses": (
        ("course", "BIGINT"), ("patient", "BIGINT"), ("clinic", "VARCHAR"), ("indication", "VARCHAR"),
        ("formulation", "VARCHAR"), ("age_band", "VARCHAR"), ("year", "SMALLINT"), ("month", "TINYINT"),
    ),
    "sessions": (("course", "BIGINT"), ("clinic", "VARCHAR"), ("year", "SMALLINT"), ("month", "TINYINT")),
    "responses": (
        ("seq", "BIGINT"), ("patient", "BIGINT"), ("course", "BIGINT"), ("clinic", "VARCHAR"),
        ("instrument", "VARCHAR"), ("timepoint", "VARCHAR"), ("rater", "VARCHAR"), ("score", "DOUBLE"),
        ("category", "VARCHAR"), ("year", "SMALLINT"), ("month", "TINYINT"),
    ),
    "adverse_events": (
        ("course", "BIGINT"), ("patient", "BIGINT"), ("clinic", "VARCHAR"), ("kind", "VARCHAR"),
        ("serious", "BOOLEAN"), ("year", "SMALLINT"), ("month", "TINYINT"),
    ),
}  # fmt: skip


def create_sql(table: str) -> str:
    return f"CREATE TABLE {table} (" + ", ".join(f"{name} {kind}" for name, kind in TABLES[table]) + ")"
