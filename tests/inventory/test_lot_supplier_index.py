"""A supplier's recall reads the clinic's lots from that supplier through an index, not a scan."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_lots_are_indexed_by_clinic_and_supplier() -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "inventory_lot")

    indexed = [c["columns"] for c in constraints.values() if c["index"]]
    assert ["clinic_id", "supplier"] in indexed


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan names the index it uses")
def test_a_suppliers_lots_are_found_through_the_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM inventory_lot WHERE clinic_id = %s AND supplier = %s",
            [1, "Pharma Lyon"],
        )
        plan = " ".join(str(row) for row in cursor.fetchall())

    assert "lot_clinic_supplier" in plan
