"""Stock fixtures: a MesoLift product at clinic A with one lot of 20 vials, and clinic B's twin
(the canary: no page or answer given to clinic A may show it)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic
from mesodesk.inventory.models import Lot, Product
from mesodesk.inventory.services import lot_receive, product_create


def make_product(clinic: Clinic, actor: Any, name: str = "MesoLift 5 ml", **extra: Any) -> Product:
    fields: dict[str, Any] = {
        "manufacturer": "NWM",
        "presentation": "vial",
        "volume_ml": Decimal("5.00"),
        "formulation": "mesolift",
        "isotonic": True,
        **extra,
    }
    with scopes_disabled():
        return product_create(clinic=clinic, actor=actor, name=name, **fields)


def make_lot(product: Product, actor: Any, number: str = "L-001", quantity: int = 20, **extra: Any) -> Lot:
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "expires": today + datetime.timedelta(days=365),
        "supplier": "Pharma Lyon",
        "received_on": today,
        "location": "Fridge 1",
        **extra,
    }
    with scopes_disabled():
        return lot_receive(product=product, actor=actor, number=number, quantity=quantity, **fields)


@pytest.fixture
def product_a(clinic_a: Clinic, alice: Any) -> Product:
    return make_product(clinic_a, alice)


@pytest.fixture
def lot_a(product_a: Product, alice: Any) -> Lot:
    return make_lot(product_a, alice)


@pytest.fixture
def product_b(clinic_b: Clinic, charlie: Any) -> Product:
    return make_product(clinic_b, charlie, name="Canary-Product-9d1")


@pytest.fixture
def lot_b(product_b: Product, charlie: Any) -> Lot:
    return make_lot(product_b, charlie, number="CANARY-LOT-9d1")


def on_hand(lot: Lot) -> int:
    with scopes_disabled():
        return Lot.objects.values_list("on_hand", flat=True).get(pk=lot.pk)


def movement_sum(lot: Lot) -> int:
    with scopes_disabled():
        return sum(lot.movements.values_list("quantity", flat=True))
