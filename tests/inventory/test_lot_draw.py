from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_scopes import scope
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.inventory.models import Lot, Product
from mesodesk.inventory.services import lot_discard, lot_draw, stock_count_record
from tests.inventory.conftest import make_lot, make_product, movement_sum, on_hand

pytestmark = pytest.mark.django_db
_names = itertools.count()


@pytest.fixture(autouse=True)
def _in_clinic_a(clinic_a: Clinic) -> Iterator[None]:
    # Charting calls the services inside its request's clinic scope.
    with scope(clinic=clinic_a):
        yield


def test_a_draw_takes_units_out_through_a_movement_with_the_callers_reference(lot_a: Lot, alice: Any) -> None:
    movement = lot_draw(lot=lot_a, quantity=3, by=alice, reference="chart:42")
    assert movement.quantity == -3
    assert movement.kind == "drawn"
    assert movement.reference == "chart:42"
    assert movement.on_hand_after == 17
    assert on_hand(lot_a) == 17
    assert movement_sum(lot_a) == 17


def test_a_draw_is_audited(lot_a: Lot, alice: Any) -> None:
    movement = lot_draw(lot=lot_a, quantity=1, by=alice)
    event = AuditEvent.objects.filter(object_type="lot", object_id=str(lot_a.pk), action="update").get()
    assert event.detail["movement"] == movement.pk


def test_a_draw_that_would_leave_stock_below_zero_is_refused_and_changes_nothing(
    lot_a: Lot, alice: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        lot_draw(lot=lot_a, quantity=21, by=alice)
    assert refused.value.error_dict["quantity"][0].code == "insufficient_stock"
    assert "20" in refused.value.message_dict["quantity"][0]
    assert on_hand(lot_a) == 20
    assert movement_sum(lot_a) == 20


def test_the_last_units_may_be_drawn(lot_a: Lot, alice: Any) -> None:
    lot_draw(lot=lot_a, quantity=20, by=alice)
    assert on_hand(lot_a) == 0


@pytest.mark.parametrize("quantity", [0, -1, 10**12, True, 2.5, None, "3"])
def test_a_draw_of_a_bad_quantity_is_refused(lot_a: Lot, alice: Any, quantity: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        lot_draw(lot=lot_a, quantity=quantity, by=alice)
    assert "quantity" in refused.value.message_dict
    assert on_hand(lot_a) == 20


def test_a_lot_expired_on_the_sessions_day_is_refused(product_a: Product, alice: Any) -> None:
    today = timezone.localdate()
    lot = make_lot(product_a, alice, expires=today + datetime.timedelta(days=10))
    with pytest.raises(ValidationError) as refused:
        lot_draw(lot=lot, quantity=1, by=alice, on=today + datetime.timedelta(days=11))
    assert refused.value.error_dict["lot"][0].code == "lot_expired"
    assert on_hand(lot) == 20


def test_an_expired_lots_refusal_writes_the_date_as_the_language_does(product_a: Product, alice: Any) -> None:
    lot = make_lot(product_a, alice, expires=datetime.date(2030, 1, 10))
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        lot_draw(lot=lot, quantity=1, by=alice, on=datetime.date(2030, 1, 11))
    message = refused.value.message_dict["lot"][0]
    assert "10. Januar 2030" in message and "2030-01-10" not in message


def test_a_lot_is_usable_on_its_expiry_day(product_a: Product, alice: Any) -> None:
    today = timezone.localdate()
    lot = make_lot(product_a, alice, expires=today + datetime.timedelta(days=10))
    lot_draw(lot=lot, quantity=1, by=alice, on=today + datetime.timedelta(days=10))
    assert on_hand(lot) == 19


@pytest.mark.parametrize(
    ("language", "words"), [("en", "must not be oily"), ("fr", "huileuse"), ("de", "ölig")]
)
def test_an_oily_product_is_never_drawn_and_the_refusal_cites_its_source(
    clinic_a: Any, alice: Any, language: str, words: str
) -> None:
    oily = make_product(clinic_a, alice, name="Oily thing", oily=True)
    lot = make_lot(oily, alice)
    with translation.override(language), pytest.raises(ValidationError) as refused:
        lot_draw(lot=lot, quantity=1, by=alice)
    assert refused.value.error_dict["lot"][0].code == "oily_product"
    message = refused.value.message_dict["lot"][0]
    assert words in message
    assert "004_ef11466bcf6726aa" in message
    assert on_hand(lot) == 20


def test_a_discard_needs_a_reason(lot_a: Lot, alice: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        lot_discard(lot=lot_a, quantity=1, by=alice, note="  ")
    assert "note" in refused.value.message_dict
    lot_discard(lot=lot_a, quantity=2, by=alice, note="vial broken")
    assert on_hand(lot_a) == 18


# One step of a day at the clinic: draw, discard or count (the units found).
steps = st.lists(
    st.tuples(st.sampled_from(["draw", "discard", "count"]), st.integers(min_value=0, max_value=30)),
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_stock_on_hand_is_always_the_sum_of_its_movements_and_never_negative(
    clinic_a: Any, alice: Any, steps: list[tuple[str, int]]
) -> None:
    product = make_product(clinic_a, alice, name=f"Product {next(_names)}")
    lot = make_lot(product, alice, quantity=10)
    expected = 10
    for action, units in steps:
        try:
            if action == "draw":
                lot_draw(lot=lot, quantity=units, by=alice)
                expected -= units
            elif action == "discard":
                lot_discard(lot=lot, quantity=units, by=alice, note="broken")
                expected -= units
            else:
                stock_count_record(clinic=clinic_a, by=alice, counted={lot.pk: units})
                expected = units
        except ValidationError:
            pass  # refused: nothing changed
        assert on_hand(lot) == expected >= 0
        assert movement_sum(lot) == expected
