from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic
from mesodesk.accounts.services import api_token_create
from mesodesk.inventory.api import PresentationCode
from mesodesk.inventory.models import Lot, Presentation, Product, StockMovement
from tests.conftest import signed_in
from tests.inventory.conftest import make_lot, on_hand

pytestmark = pytest.mark.django_db

PRODUCT = {
    "name": "MesoLift 5 ml",
    "formulation": "mesolift",
    "manufacturer": "NWM",
    "presentation": "vial",
    "volume_ml": 5,
}


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def lot_body(**change: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "number": "L-77",
        "expires": f"{today.year + 1}-06-30",
        "quantity": 10,
        "supplier": "Pharma Lyon",
        "received_on": today.isoformat(),
        "location": "Fridge 2",
        **change,
    }


def test_the_api_presentations_are_the_models() -> None:
    assert set(PresentationCode.__args__) == set(Presentation.values)


def test_create_a_product_receive_a_lot_and_read_its_movement(client: Client, bob: Any) -> None:
    signed_in(client, bob)  # an assistant manages stock too
    created = post(client, "/api/v1/inventory/products", PRODUCT)
    assert created.status_code == 201, created.content
    product = created.json()
    assert "hyaluronic_acid" in product["ingredients"]
    received = post(client, f"/api/v1/inventory/products/{product['id']}/lots", lot_body())
    assert received.status_code == 201, received.content
    lot = received.json()
    assert lot["on_hand"] == 10
    movements = client.get(f"/api/v1/inventory/lots/{lot['id']}/movements").json()
    assert [(m["kind"], m["quantity"], m["by"]) for m in movements] == [("received", 10, "bob")]
    assert client.get(f"/api/v1/inventory/products/{product['id']}").json()["units"] == 10


def test_lots_usable_on_a_day_come_first_expiring_first_without_the_expired(
    client: Client, alice: Any, product_a: Product, lot_a: Lot
) -> None:
    today = timezone.localdate()
    make_lot(product_a, alice, number="SOON", expires=today + datetime.timedelta(days=40))
    make_lot(product_a, alice, number="EMPTY", quantity=1, expires=today + datetime.timedelta(days=5))
    with scopes_disabled():
        Lot.objects.filter(number="EMPTY").update(on_hand=0)
    signed_in(client, alice)
    usable = client.get(
        f"/api/v1/inventory/products/{product_a.pk}/lots", {"usable_on": today.isoformat()}
    ).json()
    assert [lot["number"] for lot in usable] == ["SOON", "L-001"]
    later = client.get(
        f"/api/v1/inventory/products/{product_a.pk}/lots", {"usable_on": f"{today.year + 2}-01-01"}
    ).json()
    assert later == []


def test_a_count_adjusts_the_lots_that_differ(client: Client, carol: Any, lot_a: Lot) -> None:
    signed_in(client, carol)  # the clinic's administrator manages stock
    answer = post(
        client, "/api/v1/inventory/counts", {"counts": [{"lot": lot_a.pk, "units": 18}], "note": "Monday"}
    )
    assert answer.status_code == 201, answer.content
    assert [(m["kind"], m["quantity"], m["on_hand_after"]) for m in answer.json()] == [("adjusted", -2, 18)]
    assert on_hand(lot_a) == 18


def test_the_other_clinics_products_and_lots_are_404_everywhere(
    client: Client, alice: Any, product_a: Product, product_b: Product, lot_b: Lot
) -> None:
    signed_in(client, alice)
    listing = client.get("/api/v1/inventory/products")
    assert "Canary" not in listing.content.decode()
    for url in (
        f"/api/v1/inventory/products/{product_b.pk}",
        f"/api/v1/inventory/products/{product_b.pk}/lots",
        f"/api/v1/inventory/lots/{lot_b.pk}",
        f"/api/v1/inventory/lots/{lot_b.pk}/movements",
    ):
        assert client.get(url).status_code == 404, url
    assert post(client, f"/api/v1/inventory/products/{product_b.pk}/lots", lot_body()).status_code == 404
    counted = post(client, "/api/v1/inventory/counts", {"counts": [{"lot": lot_b.pk, "units": 0}]})
    assert counted.status_code == 404
    assert on_hand(lot_b) == 20


def test_a_token_of_clinic_a_sees_clinic_a_only(
    client: Client, alice: Any, clinic_a: Clinic, product_a: Product, product_b: Product
) -> None:
    _, key = api_token_create(user=alice, clinic=clinic_a, name="stock script")
    names = [
        p["name"] for p in client.get("/api/v1/inventory/products", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    ]
    assert names == [product_a.name]


def test_an_analyst_may_not_open_the_stock(client: Client, nina: Any, product_a: Product) -> None:
    signed_in(client, nina)
    assert client.get("/api/v1/inventory/products").status_code == 403
    assert post(client, "/api/v1/inventory/products", PRODUCT).status_code == 403


def test_anonymous_callers_get_401(client: Client) -> None:
    assert client.get("/api/v1/inventory/products").status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"name": "n" * 100_000}, "name"),
        ({"name": "bad\x00name"}, "name"),
        ({"volume_ml": -1}, "volume_ml"),
        ({"volume_ml": 10**30}, "volume_ml"),
        ({"volume_ml": "5"}, "volume_ml"),
        ({"presentation": "barrel"}, "presentation"),
        ({"formulation": "snake_oil"}, "formulation"),
        ({"ingredients": ["unicorn"], "formulation": ""}, "ingredients"),
        ({"low_stock_below": -3}, "low_stock_below"),
        ({"low_stock_below": 10**20}, "low_stock_below"),
        ({"oily": "yes"}, "oily"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_a_bad_product_answers_422_naming_the_field_and_saves_nothing(
    client: Client, alice: Any, change: dict[str, Any], field: str
) -> None:
    signed_in(client, alice)
    answer = post(client, "/api/v1/inventory/products", {**PRODUCT, **change})
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == field
    with scopes_disabled():
        assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": None}, "quantity"),
        ({"quantity": 0}, "quantity"),
        ({"quantity": -5}, "quantity"),
        ({"quantity": 10**40}, "quantity"),
        ({"quantity": 2.5}, "quantity"),
        ({"number": ""}, "number"),
        ({"number": "n" * 100_000}, "number"),
        ({"supplier": None}, "supplier"),
        ({"expires": "30/06/2027"}, "expires"),
        ({"expires": "9999-01-01"}, "expires"),
        ({"expires": "2020-01-01"}, "expires"),
        ({"received_on": "2999-01-01"}, "received_on"),
        ({"location": "x" * 121}, "location"),
    ],
)
def test_a_bad_lot_answers_422_naming_the_field_and_saves_nothing(
    client: Client, alice: Any, product_a: Product, change: dict[str, Any], field: str
) -> None:
    signed_in(client, alice)
    answer = post(client, f"/api/v1/inventory/products/{product_a.pk}/lots", lot_body(**change))
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == field
    with scopes_disabled():
        assert not Lot.objects.exists()
        assert not StockMovement.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"counts": []}, "counts"),
        ({"counts": None}, "counts"),
        ({"counts": [{"lot": 1, "units": -1}]}, "counts[0].units"),
        ({"counts": [{"lot": 1, "units": 10**12}]}, "counts[0].units"),
    ],
)
def test_a_bad_count_answers_422_and_changes_nothing(
    client: Client, alice: Any, lot_a: Lot, body: dict[str, Any], field: str
) -> None:
    signed_in(client, alice)
    answer = post(client, "/api/v1/inventory/counts", body)
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == field
    assert on_hand(lot_a) == 20


def test_a_lot_counted_twice_in_one_count_is_refused(client: Client, alice: Any, lot_a: Lot) -> None:
    signed_in(client, alice)
    body = {"counts": [{"lot": lot_a.pk, "units": 1}, {"lot": lot_a.pk, "units": 2}]}
    answer = post(client, "/api/v1/inventory/counts", body)
    assert answer.status_code == 422
    assert answer.json()["field"] == "counts[1].lot"
    assert on_hand(lot_a) == 20


def test_the_inventory_routes_are_in_the_openapi(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/inventory/products", "/api/v1/inventory/products/{product_id}/lots",
            "/api/v1/inventory/lots/{lot_id}/movements", "/api/v1/inventory/counts"} <= set(paths)  # fmt: skip
