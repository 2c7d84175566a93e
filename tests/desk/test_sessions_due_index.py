"""The sessions due to book, read on every dashboard visit, are found through an index on the
clinic's planned sessions by window, not by scanning the clinic's courses (issue 15)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scope

from mesodesk.accounts.models import Clinic
from mesodesk.desk.selectors import LIST_LIMIT, sessions_due

pytestmark = pytest.mark.django_db


def test_the_sessions_are_indexed_by_clinic_status_and_window_start() -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "courses_coursesession")

    indexed = [c["columns"] for c in constraints.values() if c["index"]]
    assert ["clinic_id", "status", "earliest"] in indexed


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan names the index it uses")
def test_the_dashboards_sessions_due_are_found_through_the_index(clinic_a: Clinic) -> None:
    with scope(clinic=clinic_a):
        sql, params = sessions_due(timezone.localdate())[: LIST_LIMIT + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())

    assert "session_clinic_status_earliest" in plan
