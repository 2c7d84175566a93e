from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.inventory.models import Lot, Product
from tests.conftest import signed_in
from tests.inventory.conftest import make_lot, make_product, on_hand

pytestmark = pytest.mark.django_db


def product_form(**change: Any) -> dict[str, Any]:
    return {
        "name": "Centella 2 ml",
        "formulation": "",
        "ingredients": ["centella_asiatica"],
        "other_ingredients": "Mannitol",
        "manufacturer": "Lab X",
        "presentation": "ampoule",
        "volume_ml": "2",
        "isotonic": "on",
        "low_stock_below": "4",
        **change,
    }


def lot_form(**change: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "number": "C-1",
        "expires": (today + datetime.timedelta(days=200)).isoformat(),
        "quantity": "6",
        "supplier": "Pharma Lyon",
        "received_on": today.isoformat(),
        "location": "Cupboard B",
        **change,
    }


@pytest.mark.parametrize("role", ["alice", "bob", "carol"])
def test_stock_roles_add_a_product_and_receive_a_lot(client: Client, role: str, request: Any) -> None:
    signed_in(client, request.getfixturevalue(role))
    created = client.post("/inventory/products/new/", product_form())
    assert created.status_code == 302
    with scopes_disabled():
        product = Product.objects.get(name="Centella 2 ml")
    assert product.ingredients == ["centella_asiatica"]
    assert product.other_ingredients == ["Mannitol"]
    received = client.post(f"/inventory/products/{product.pk}/receive/", lot_form())
    assert received.status_code == 302
    page = client.get(f"/inventory/products/{product.pk}/").content.decode()
    assert "C-1" in page
    assert "6 / 6" in page


def test_the_analyst_may_not_open_the_stock_pages(client: Client, nina: Any, product_a: Product) -> None:
    signed_in(client, nina)
    for url in (
        "/inventory/",
        "/inventory/products/new/",
        f"/inventory/products/{product_a.pk}/",
        "/inventory/count/",
    ):
        assert client.get(url).status_code == 403, url


def test_the_nav_links_the_inventory_for_stock_roles(client: Client, bob: Any, nina: Any) -> None:
    assert 'href="/inventory/"' in signed_in(client, bob).get("/").content.decode()
    assert 'href="/inventory/"' not in signed_in(client, nina).get("/").content.decode()


def test_the_other_clinics_product_and_lot_are_404(
    client: Client, alice: Any, product_b: Product, lot_b: Lot
) -> None:
    signed_in(client, alice)
    assert "Canary" not in client.get("/inventory/").content.decode()
    for url in (
        f"/inventory/products/{product_b.pk}/",
        f"/inventory/products/{product_b.pk}/receive/",
        f"/inventory/lots/{lot_b.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/inventory/products/{product_b.pk}/receive/", lot_form()).status_code == 404
    assert "CANARY" not in client.get("/inventory/count/").content.decode()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "n" * 5000}, "name"),
        ({"volume_ml": "-2"}, "volume_ml"),
        ({"volume_ml": "1e30"}, "volume_ml"),
        ({"ingredients": [], "other_ingredients": ""}, "ingredients"),
        ({"low_stock_below": "99999999999999999999"}, "low_stock_below"),
    ],
)
def test_a_bad_product_form_says_which_field_and_saves_nothing(
    client: Client, alice: Any, change: dict[str, Any], field: str
) -> None:
    signed_in(client, alice)
    answer = client.post("/inventory/products/new/", product_form(**change))
    assert answer.status_code == 422
    assert answer.context["form"].errors[field]
    with scopes_disabled():
        assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": "-1"}, "quantity"),
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "10000000000000"}, "quantity"),
        ({"expires": "yesterday"}, "expires"),
        ({"expires": "2001-01-01"}, "expires"),
        ({"received_on": "2999-01-01"}, "received_on"),
        ({"number": ""}, "number"),
    ],
)
def test_a_bad_lot_form_says_which_field_and_saves_nothing(
    client: Client, alice: Any, product_a: Product, change: dict[str, Any], field: str
) -> None:
    signed_in(client, alice)
    answer = client.post(f"/inventory/products/{product_a.pk}/receive/", lot_form(**change))
    assert answer.status_code == 422
    assert answer.context["form"].errors[field]
    with scopes_disabled():
        assert not Lot.objects.exists()


def test_the_lot_page_lists_its_movements(client: Client, alice: Any, lot_a: Lot) -> None:
    page = signed_in(client, alice).get(f"/inventory/lots/{lot_a.pk}/").content.decode()
    assert "Received" in page
    assert "+20" in page


def test_an_oily_product_page_says_it_is_never_drawn_with_its_source(
    client: Client, alice: Any, clinic_a: Clinic
) -> None:
    oily = make_product(clinic_a, alice, name="Oil", oily=True)
    make_lot(oily, alice)
    page = (
        signed_in(client, alice)
        .get(f"/inventory/products/{oily.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
        .content.decode()
    )
    assert "solution huileuse" in page
    assert "004_ef11466bcf6726aa" in page
    assert "Prélevez d&#x27;abord" not in page and "abord dans le lot" not in page  # no lot suggested


def test_the_product_page_suggests_the_first_expiring_lot(
    client: Client, alice: Any, product_a: Product, lot_a: Lot
) -> None:
    make_lot(product_a, alice, number="FIRST-OUT", expires=timezone.localdate() + datetime.timedelta(days=60))
    page = signed_in(client, alice).get(f"/inventory/products/{product_a.pk}/").content.decode()
    assert "<strong>FIRST-OUT</strong>" in page


def test_a_stock_count_records_and_audits_each_discrepancy(
    client: Client, bob: Any, product_a: Product, lot_a: Lot, alice: Any
) -> None:
    other = make_lot(product_a, alice, number="L-002", quantity=5)
    signed_in(client, bob)
    answer = client.post(
        "/inventory/count/", {f"lot_{lot_a.pk}": "17", f"lot_{other.pk}": "5", "note": "Monday"}
    )
    assert answer.status_code == 302
    assert on_hand(lot_a) == 17
    assert on_hand(other) == 5
    with scopes_disabled():
        [adjusted] = lot_a.movements.filter(kind="adjusted")
        assert not other.movements.filter(kind="adjusted").exists()
    assert adjusted.quantity == -3
    assert adjusted.note == "Monday"
    assert AuditEvent.objects.filter(
        object_type="lot", object_id=str(lot_a.pk), detail__kind="adjusted"
    ).exists()


def test_a_bad_count_changes_nothing(client: Client, bob: Any, lot_a: Lot) -> None:
    signed_in(client, bob)
    answer = client.post("/inventory/count/", {f"lot_{lot_a.pk}": "-4"})
    assert answer.status_code == 422
    assert on_hand(lot_a) == 20


def test_the_products_page_reads_in_a_fixed_number_of_queries(
    client: Client, alice: Any, clinic_a: Clinic, django_assert_num_queries: Any
) -> None:
    signed_in(client, alice).get("/inventory/")  # sessions settle
    for n in range(8):
        make_lot(make_product(clinic_a, alice, name=f"Product {n}"), alice, number=f"N{n}")
    # Session, user, membership (twice: middleware and navigation); the products with their units.
    with django_assert_num_queries(5):
        assert client.get("/inventory/").status_code == 200


@pytest.mark.parametrize(("language", "heading"), [("en", "Inventory"), ("fr", "Stock"), ("de", "Lager")])
def test_the_products_page_speaks_three_languages(
    client: Client, alice: Any, language: str, heading: str
) -> None:
    page = signed_in(client, alice).get("/inventory/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<h1 id="inventory-title">{heading}</h1>' in page


def test_units_discarded_from_the_lot_page_become_a_movement_with_why(
    client: Client, bob: Any, lot_a: Lot
) -> None:
    signed_in(client, bob)
    answer = client.post(f"/inventory/lots/{lot_a.pk}/", {"quantity": "2", "note": "Vials cracked"})
    assert answer.status_code == 302
    assert on_hand(lot_a) == 18
    page = client.get(f"/inventory/lots/{lot_a.pk}/").content.decode()
    assert "Vials cracked" in page
    assert "-2" in page


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"quantity": "21", "note": "too many"}, "quantity"),
        ({"quantity": "-1", "note": "negative"}, "quantity"),
        ({"quantity": "1", "note": ""}, "note"),
    ],
)
def test_a_bad_discard_says_which_field_and_changes_nothing(
    client: Client, bob: Any, lot_a: Lot, form: dict[str, str], field: str
) -> None:
    signed_in(client, bob)
    answer = client.post(f"/inventory/lots/{lot_a.pk}/", form)
    assert answer.status_code == 422
    assert answer.context["form"].errors[field]
    assert on_hand(lot_a) == 20


def test_the_other_clinics_lot_cannot_be_discarded_from(client: Client, alice: Any, lot_b: Lot) -> None:
    signed_in(client, alice)
    assert client.post(f"/inventory/lots/{lot_b.pk}/", {"quantity": "1", "note": "x"}).status_code == 404
    assert on_hand(lot_b) == 20
