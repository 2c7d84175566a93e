"""The record page is the clinician's main screen: its queries do not grow with the points."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mesodesk.charting.models import SessionRecord
from mesodesk.inventory.models import Lot
from tests.charting.conftest import papule, ready_to_sign
from tests.conftest import signed_in


def queries_for_page(client: Client, record: SessionRecord) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/charting/records/{record.pk}/").status_code == 200
    return len(captured)


def test_twenty_points_cost_no_more_queries_than_one(
    client: Client, alice: Any, record_a: SessionRecord, lot_a: Lot
) -> None:
    # Session and membership, the record, its syringes with their lots (prefetched), points,
    # areas and sites (one each), the patient's history, amendments, lots in stock for the
    # syringe form, syringes for the forms, the outcome ratings due at the session, and the audit
    # line of the read: fixed, whatever the chart.
    ready_to_sign(record_a, alice, lot_a)
    signed_in(client, alice)
    queries_for_page(client, record_a)  # the first page of a sign-in reads the session once more
    one = queries_for_page(client, record_a)
    for n in range(19):
        papule(record_a, alice, x=20 + (n % 10) * 6, y=8 + (n // 10) * 10)

    twenty = queries_for_page(client, record_a)

    assert twenty == one
