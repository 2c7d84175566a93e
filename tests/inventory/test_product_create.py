from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.inventory.models import Product
from tests.inventory.conftest import make_product

pytestmark = pytest.mark.django_db


def test_a_knowledge_base_formulation_brings_its_ingredients_catalyst_included(
    clinic_a: Clinic, alice: Any
) -> None:
    product = make_product(clinic_a, alice)
    assert "hyaluronic_acid" in product.ingredients
    assert "rutin" in product.ingredients  # the catalyst's (source 003)


def test_a_clinics_own_product_lists_its_ingredients_known_or_its_own(clinic_a: Clinic, alice: Any) -> None:
    product = make_product(
        clinic_a, alice, name="House cocktail", formulation="",
        ingredients=["lidocaine"], other_ingredients=["Artichoke extract", "  "],
    )  # fmt: skip
    assert product.ingredients == ["lidocaine"]
    assert product.other_ingredients == ["Artichoke extract"]


def test_creating_a_product_is_audited(clinic_a: Clinic, alice: Any) -> None:
    product = make_product(clinic_a, alice)
    assert AuditEvent.objects.filter(
        action="create", object_type="product", object_id=str(product.pk)
    ).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"formulation": "snake_oil"}, "formulation"),
        ({"formulation": "", "ingredients": ["unicorn"]}, "ingredients"),
        ({"formulation": "", "ingredients": []}, "ingredients"),
        ({"other_ingredients": ["x" * 121]}, "other_ingredients"),
        ({"volume_ml": Decimal("0")}, "volume_ml"),
        ({"volume_ml": Decimal("100000")}, "volume_ml"),
        ({"presentation": "barrel"}, "presentation"),
        ({"manufacturer": ""}, "manufacturer"),
        ({"low_stock_below": 10**9}, "low_stock_below"),
    ],
)
def test_a_bad_product_is_refused_naming_the_field_and_nothing_is_saved(
    clinic_a: Clinic, alice: Any, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        make_product(clinic_a, alice, **change)
    assert field in refused.value.message_dict
    with scopes_disabled():
        assert not Product.objects.exists()


def test_two_products_of_one_name_in_a_clinic_are_refused_but_two_clinics_may_share_it(
    clinic_a: Clinic, clinic_b: Clinic, alice: Any, charlie: Any
) -> None:
    make_product(clinic_a, alice)
    make_product(clinic_b, charlie)
    with pytest.raises(ValidationError) as refused:
        make_product(clinic_a, alice)
    assert "name" in refused.value.message_dict
