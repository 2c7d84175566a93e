from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from mesodesk.accounts.models import AuditEvent
from mesodesk.inventory.models import Lot, Product
from tests.inventory.conftest import make_lot, movement_sum

pytestmark = pytest.mark.django_db


def test_a_received_lot_is_in_stock_through_one_movement(product_a: Product, alice: Any) -> None:
    lot = make_lot(product_a, alice, quantity=12)
    assert lot.on_hand == 12
    assert movement_sum(lot) == 12
    with scopes_disabled():
        assert list(lot.movements.values_list("kind", flat=True)) == ["received"]
    assert AuditEvent.objects.filter(object_type="lot", object_id=str(lot.pk), action="create").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": -5}, "quantity"),
        ({"quantity": 10**12}, "quantity"),
        ({"received_on": timezone.localdate() + datetime.timedelta(days=1)}, "received_on"),
        ({"expires": timezone.localdate() - datetime.timedelta(days=1)}, "expires"),
        ({"expires": datetime.date(9999, 12, 31)}, "expires"),
        ({"number": ""}, "number"),
        ({"number": "x" * 61}, "number"),
        ({"supplier": "s" * 10_000}, "supplier"),
    ],
)
def test_a_bad_lot_is_refused_naming_the_field_and_nothing_is_saved(
    product_a: Product, alice: Any, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        make_lot(product_a, alice, **change)
    assert field in refused.value.message_dict
    with scopes_disabled():
        assert not Lot.objects.exists()


def test_a_lot_number_is_received_once_per_product(product_a: Product, alice: Any) -> None:
    make_lot(product_a, alice)
    with pytest.raises(ValidationError) as refused:
        make_lot(product_a, alice)
    assert "number" in refused.value.message_dict
