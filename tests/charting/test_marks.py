"""Syringes, points, areas and sites of a draft record: added, moved, removed, refused."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django_scopes import scope, scopes_disabled

from mesodesk.charting.models import InjectionPoint, NappageArea, PerfusionSite, SessionRecord
from mesodesk.charting.selectors import record_check
from mesodesk.charting.services_marks import area_add, mark_remove, point_update, site_add, syringe_add
from mesodesk.inventory.models import Lot
from tests.charting.conftest import papule
from tests.conftest import signed_in


def test_a_syringe_from_another_clinics_lot_is_refused(
    record_a: SessionRecord, alice: Any, lot_b: Lot
) -> None:
    with scope(clinic=record_a.clinic), pytest.raises(ValidationError) as refused:
        syringe_add(record=record_a, by=alice, label="A", lots=[(lot_b, Decimal("1"))])

    assert "lots" in refused.value.message_dict


def test_a_cocktail_syringe_keeps_each_lot_and_volume(
    record_a: SessionRecord, alice: Any, lot_a: Lot, product_a: Any
) -> None:
    from tests.charting.conftest import make_lot

    second = make_lot(product_a, alice, number="L-002")
    with scope(clinic=record_a.clinic):
        syringe = syringe_add(
            record=record_a, by=alice, label="A", lots=[(lot_a, Decimal("2")), (second, Decimal("0.5"))]
        )
        lines = list(syringe.lots.order_by("id").values_list("lot__number", "volume_ml"))

    assert lines == [("L-001", Decimal("2.00")), ("L-002", Decimal("0.50"))]


def test_two_syringes_of_one_name_are_refused(record_a: SessionRecord, alice: Any, lot_a: Lot) -> None:
    with scope(clinic=record_a.clinic):
        syringe_add(record=record_a, by=alice, label="A", lots=[(lot_a, Decimal("1"))])
        with pytest.raises(ValidationError) as refused:
            syringe_add(record=record_a, by=alice, label="A", lots=[(lot_a, Decimal("1"))])

    assert "label" in refused.value.message_dict


def test_a_point_knows_its_region(record_a: SessionRecord, alice: Any) -> None:
    point = papule(record_a, alice, x=20, y=50)  # the patient's right cheek, on the picture's left

    assert point.region == "cheek_right"


def test_a_moved_point_takes_its_new_region(record_a: SessionRecord, alice: Any) -> None:
    point = papule(record_a, alice)
    with scope(clinic=record_a.clinic):
        moved = point_update(point=point, by=alice, x=50, y=90)

    assert moved.region == "chin"


def test_a_point_with_nappage_is_refused(record_a: SessionRecord, alice: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        papule(record_a, alice, technique="nappage")

    assert "technique" in refused.value.message_dict


def test_a_removed_point_is_gone(record_a: SessionRecord, alice: Any) -> None:
    point = papule(record_a, alice)
    with scope(clinic=record_a.clinic):
        mark_remove(mark=point, by=alice)

    with scopes_disabled():
        assert not InjectionPoint.objects.filter(record=record_a).exists()


def test_a_nappage_area_is_checked_as_nappage(record_a: SessionRecord, alice: Any) -> None:
    with scope(clinic=record_a.clinic):
        area_add(
            record=record_a, by=alice, view="scalp_top", polygon=[[40, 35], [60, 35], [60, 60], [40, 60]],
            depth_mm=Decimal("3"), needle_length_mm=Decimal("4"), pricks_per_second=Decimal("3"),
            total_volume_ml=Decimal("2"),
        )  # fmt: skip
        checked = record_check(record_a)

    assert [f.code for f in checked.check.findings] == ["depth_outside_technique"]  # nappage: 0.5-2 mm


def test_an_area_with_two_corners_is_refused(record_a: SessionRecord, alice: Any) -> None:
    with scope(clinic=record_a.clinic), pytest.raises(ValidationError) as refused:
        area_add(
            record=record_a, by=alice, view="scalp_top", polygon=[[40, 35], [60, 35]], depth_mm=Decimal("1"),
            needle_length_mm=Decimal("4"), pricks_per_second=Decimal("3"), total_volume_ml=Decimal("2"),
        )  # fmt: skip

    assert "polygon" in refused.value.message_dict
    with scopes_disabled():
        assert not NappageArea.objects.exists()


def test_a_perfusion_site_is_checked_as_mesoperfusion(record_a: SessionRecord, alice: Any) -> None:
    with scope(clinic=record_a.clinic):
        site_add(
            record=record_a, by=alice, view="abdomen", x=50, y=50, depth_mm=Decimal("6"),
            needle_length_mm=Decimal("4"), duration_min=20, rate_ml_per_hour=Decimal("3"),
        )  # fmt: skip
        checked = record_check(record_a)

    assert [f.code for f in checked.check.findings] == ["depth_exceeds_needle"]
    with scopes_disabled():
        assert PerfusionSite.objects.get(record=record_a).region == "periumbilical"


def test_an_assistant_adds_no_point(record_a: SessionRecord, bob: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        papule(record_a, bob)

    assert "clinician" in refused.value.message_dict


def test_an_allergy_to_an_ingredient_of_a_lot_is_an_error(
    record_a: SessionRecord, alice: Any, lot_a: Lot
) -> None:
    from tests.scheduling.conftest import history_taken

    history_taken(record_a.patient, alice, allergies=["dmae"])  # MesoLift holds DMAE (source 003)
    with scope(clinic=record_a.clinic):
        syringe_add(record=record_a, by=alice, label="A", lots=[(lot_a, Decimal("1"))])
        checked = record_check(record_a)

    assert [f.code for f in checked.check.findings] == ["ingredient_allergy"]
    assert not checked.ok


def test_more_injected_than_drawn_is_shown_on_the_syringe(
    client: Any, alice: Any, record_a: SessionRecord, lot_a: Lot
) -> None:
    from tests.conftest import signed_in

    with scope(clinic=record_a.clinic):
        syringe = syringe_add(record=record_a, by=alice, label="A", lots=[(lot_a, Decimal("0.08"))])
    papule(record_a, alice, x=30, y=15, syringe=syringe)
    papule(record_a, alice, x=60, y=15, syringe=syringe)  # 0.1 ml injected from 0.08 ml drawn
    signed_in(client, alice)

    syringes = client.get(f"/api/v1/records/{record_a.pk}").json()["syringes"]
    page = client.get(f"/charting/records/{record_a.pk}/").content.decode()

    assert (syringes[0]["drawn_ml"], syringes[0]["injected_ml"]) == (0.08, 0.1)
    assert "More injected than drawn" in page


def test_a_drawn_area_is_drawn_on_a_german_page_too(
    client: Client, record_a: SessionRecord, alice: Any
) -> None:
    """German writes 20.5 as 20,5: inside an SVG outline that is two numbers, and the area vanishes."""
    with scope(clinic=record_a.clinic):
        area_add(
            record=record_a, by=alice, view="face_front", polygon=[[20.5, 10], [40, 10], [40, 25], [20, 25]],
            depth_mm=Decimal("1"), needle_length_mm=Decimal("4"), pricks_per_second=Decimal("3"),
            total_volume_ml=Decimal("0.5"),
        )  # fmt: skip
    signed_in(client, alice)
    client.cookies["django_language"] = "de"
    try:
        html = client.get(f"/charting/records/{record_a.pk}/").content.decode()
    finally:
        translation.activate("en")
    assert 'class="bm-area" points="20.5,10 40,10 40,25 20,25 "' in html
