"""Whatever JSON a client sends to the stock endpoints, the answer is never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesodesk.inventory.models import Lot, Product
from tests.api.test_contracts import JSONISH
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

FIELDS = {
    "products": ["name", "formulation", "ingredients", "other_ingredients", "manufacturer", "presentation",
                 "volume_ml", "isotonic", "oily", "low_stock_below"],
    "lots": ["number", "expires", "quantity", "supplier", "received_on", "location"],
    "counts": ["counts", "note"],
}  # fmt: skip
VALUES = JSONISH | st.sampled_from(
    [
        "mesolift",
        "vial",
        "2027-01-06",
        "9999-12-31",
        "0001-01-01",
        5,
        10**30,
        -1,
        [{"lot": "{lot}", "units": 3}],
    ]
)


def _fill(value: Any, lot: Lot) -> Any:
    if value == [{"lot": "{lot}", "units": 3}]:
        return [{"lot": lot.pk, "units": 3}]
    return value


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.sampled_from(sorted(FIELDS)), st.data())
def test_stock_endpoints_never_answer_500(
    client: Client, alice: Any, product_a: Product, lot_a: Lot, kind: str, data: st.DataObject
) -> None:
    signed_in(client, alice)
    keys = data.draw(st.lists(st.sampled_from(FIELDS[kind]), unique=True))
    body = {k: _fill(data.draw(VALUES), lot_a) for k in keys}
    path = {
        "products": "/api/v1/inventory/products",
        "lots": f"/api/v1/inventory/products/{product_a.pk}/lots",
        "counts": "/api/v1/inventory/counts",
    }[kind]
    response = client.post(path, json.dumps(body), content_type="application/json")
    assert response.status_code in (201, 404, 422), (response.status_code, body, response.content[:300])


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.dictionaries(st.sampled_from(["usable_on", "limit"]), st.text(max_size=12), max_size=2))
def test_the_lots_query_string_never_answers_500(
    client: Client, alice: Any, product_a: Product, query: dict[str, str]
) -> None:
    signed_in(client, alice)
    response = client.get(f"/api/v1/inventory/products/{product_a.pk}/lots", query)
    assert response.status_code in (200, 422), (response.status_code, query, response.content[:300])
