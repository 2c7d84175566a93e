"""An l-sized run drops the written tables' secondary indexes and builds them again after
(demo.indexes): the same rows, the schema as migrated afterwards, and an interrupted run's
indexes put back by the next run before anything else."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from mesodesk.demo import indexes
from mesodesk.demo.generate import WRITTEN, GenerateError, generate

from .test_generate_fast import BEFORE

pytestmark = pytest.mark.django_db
ANCHOR = datetime.date(2026, 11, 24)


def schema() -> set[tuple[str, str]]:
    """Every index (and on SQLite every trigger) with its definition, as the database has it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")
        else:
            cursor.execute(
                "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type IN ('index', 'trigger')"
            )
        return {(str(name), str(sql)) for name, sql in cursor.fetchall()}


def test_a_run_with_the_indexes_off_makes_the_same_rows_and_leaves_the_schema_as_migrated() -> None:
    before = schema()
    dropped = indexes.secondary(model._meta.db_table for model in WRITTEN)
    assert len(dropped) > 20  # the clinic, patient, record... keys of thirteen tables

    made = generate(size="m", seed=5, clinics=2, patients=30, anchor=ANCHOR, progress=False, indexes_off=True)

    assert made["rows"] == BEFORE
    assert schema() == before
    assert indexes.LEDGER not in connection.introspection.table_names()


def test_an_interrupted_runs_indexes_are_put_back_by_the_next_run_first() -> None:
    before = schema()
    indexes.drop(WRITTEN)  # as a run stopped mid-way leaves the database
    assert len(schema()) < len(before)

    generate(size="s", seed=6, patients=5, anchor=ANCHOR, progress=False, indexes_off=False)

    assert schema() == before
    assert indexes.LEDGER not in connection.introspection.table_names()


def test_a_run_refused_with_the_indexes_off_leaves_them_whole() -> None:
    before = schema()
    generate(size="s", seed=7, patients=3, anchor=ANCHOR, progress=False)
    with pytest.raises(GenerateError, match="seed"):
        generate(size="s", seed=7, patients=3, anchor=ANCHOR, progress=False, indexes_off=True)
    assert schema() == before
