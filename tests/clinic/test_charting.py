from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given

from mesodesk.clinic.charting import chart_check
from mesodesk.clinic.errors import InputError
from tests.clinic.strategies import KB, charts

CONTRACT_EXAMPLE: dict[str, Any] = {
    "date": "2027-02-01",
    "patient": {"allergies": ["lidocaine"]},
    "products": [{"formulation": "mesolift", "lot": "L123", "expires": "2027-06-30", "oily": False}],
    "points": [
        {"technique": "papule", "depth_mm": 1.5, "volume_ml": 0.05, "needle": {"gauge": 30, "length_mm": 4},
         "x_cm": 3.0, "y_cm": 4.5, "region": "face"}
    ],
}  # fmt: skip


def point(
    technique: str,
    depth: float,
    volume: float = 0.05,
    length: float = 13,
    x: float = 0,
    y: float = 0,
    region: str = "face",
) -> dict[str, Any]:
    return {"technique": technique, "depth_mm": depth, "volume_ml": volume, "needle": {"gauge": 30, "length_mm": length},
            "x_cm": x, "y_cm": y, "region": region}  # fmt: skip


def check(points: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return chart_check({"date": "2027-02-01", "points": points, **extra}, KB)


def codes(result: dict[str, Any]) -> list[tuple[str, int | None]]:
    return [(f["code"], f["point"]) for f in result["findings"]]


@given(charts())
def test_a_chart_is_ok_exactly_when_it_has_no_error(chart: dict[str, Any]) -> None:
    result = chart_check(chart, KB)
    assert result["ok"] is not any(f["severity"] == "error" for f in result["findings"])
    for finding in result["findings"]:
        assert finding["sources"]
        assert finding["point"] is None or 0 <= finding["point"] < len(chart["points"])


def test_the_contract_example_is_ok() -> None:
    assert chart_check(CONTRACT_EXAMPLE, KB) == {"ok": True, "findings": []}


# -- technique range edges ------------------------------------------------

EDGES = [
    ("epidermal", 0.05, True), ("epidermal", 0.99, True), ("epidermal", 1.0, False),
    ("papule", 0.99, False), ("papule", 1.0, True), ("papule", 2.0, True), ("papule", 2.01, False),
    ("nappage", 0.49, False), ("nappage", 0.5, True), ("nappage", 2.0, True), ("nappage", 2.1, False),
    ("point_by_point", 1.99, False), ("point_by_point", 2.0, True), ("point_by_point", 10.0, True), ("point_by_point", 10.01, False),
    ("mesoperfusion", 1.9, False), ("mesoperfusion", 2.0, True), ("mesoperfusion", 13.0, True), ("mesoperfusion", 13.5, False),
    ("mps", 1.9, False), ("mps", 2.0, True), ("mps", 10.0, True), ("mps", 10.5, False),
]  # fmt: skip


@pytest.mark.parametrize(("technique", "depth", "inside"), EDGES)
def test_depth_range_edges(technique: str, depth: float, inside: bool) -> None:
    result = check([point(technique, depth, volume=0.05, length=13)])
    assert (("depth_outside_technique", 0) not in codes(result)) is inside


@pytest.mark.parametrize(
    ("depth", "length", "too_deep"), [(4.0, 4.0, False), (4.01, 4.0, True), (6.0, 4.0, True)]
)
def test_a_depth_equal_to_the_needle_length_is_allowed(depth: float, length: float, too_deep: bool) -> None:
    result = check([point("point_by_point", depth, length=length)])
    assert (("depth_exceeds_needle", 0) in codes(result)) is too_deep
    assert result["ok"] is not too_deep


@pytest.mark.parametrize(
    ("technique", "volume", "code"),
    [("papule", 0.1, None), ("papule", 0.11, "volume_above_max"), ("point_by_point", 0.03, None),
     ("point_by_point", 0.029, "volume_below_min"), ("point_by_point", 0.1, None), ("point_by_point", 0.2, "volume_above_max"),
     ("nappage", 0.5, None)],
)  # fmt: skip
def test_volume_per_point_bounds_are_warnings(technique: str, volume: float, code: str | None) -> None:
    depth = {"papule": 1.5, "point_by_point": 4, "nappage": 1}[technique]
    result = check([point(technique, depth, volume=volume)])
    assert codes(result) == ([] if code is None else [(code, 0)])
    assert result["ok"] is True


def test_points_closer_than_the_minimum_spacing_in_one_region_are_warned() -> None:
    result = check(
        [
            point("point_by_point", 4, x=0, y=0),
            point("point_by_point", 4, x=0.3, y=0),
            point("point_by_point", 4, x=0.3, y=0.4),
        ]
    )
    # point 2 is 0.5 cm from point 0 (fine) but 0.4 cm from point 1
    assert codes(result) == [("spacing_below_min", 1), ("spacing_below_min", 2)]
    assert result["ok"] is True


def test_points_exactly_at_the_minimum_spacing_are_fine() -> None:
    assert (
        codes(check([point("point_by_point", 4, x=0, y=0), point("point_by_point", 4, x=0.3, y=0.4)])) == []
    )


def test_two_close_points_in_different_regions_are_not_compared() -> None:
    result = check([point("point_by_point", 4, region="face"), point("point_by_point", 4, region="neck")])
    assert codes(result) == []


def test_close_points_of_different_techniques_are_not_compared() -> None:
    result = check([point("point_by_point", 4), point("mesoperfusion", 4)])
    assert codes(result) == []


def test_an_expired_lot_an_oily_product_and_an_allergy_are_errors_of_the_session() -> None:
    chart = copy.deepcopy(CONTRACT_EXAMPLE)
    chart["patient"]["allergies"] = ["silicon"]
    chart["products"] = [
        {"formulation": "mesolift", "lot": "OLD1", "expires": "2027-01-31"},
        {"formulation": "mesohair", "lot": "OIL2", "expires": "2027-02-01", "oily": True},
    ]
    result = chart_check(chart, KB)
    assert result["ok"] is False
    summary = [(f["code"], f["product"], f["point"]) for f in result["findings"]]
    assert summary == [
        ("ingredient_allergy", 0, None), ("lot_expired", 0, None),
        ("ingredient_allergy", 1, None), ("oily_solution", 1, None),
    ]  # fmt: skip


def test_a_lot_expiring_on_the_session_day_is_still_usable() -> None:
    chart = copy.deepcopy(CONTRACT_EXAMPLE)
    chart["products"][0]["expires"] = "2027-02-01"
    assert chart_check(chart, KB)["ok"] is True


def test_a_clinic_product_can_list_its_own_ingredients() -> None:
    chart = {"date": "2027-02-01", "patient": {"allergies": ["lidocaine"]},
             "products": [{"ingredients": ["lidocaine", "multivitamins"], "lot": "X9", "expires": "2028-01-01"}]}  # fmt: skip
    assert [f["code"] for f in chart_check(chart, KB)["findings"]] == ["ingredient_allergy"]


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda c: c.pop("date"), "date"),
        (lambda c: c.update(date="01/02/2027"), "date"),
        (lambda c: c["patient"].update(allergies=["pollen"]), "patient.allergies[0]"),
        (lambda c: c["products"][0].pop("lot"), "products[0].lot"),
        (lambda c: c["products"][0].update(expires="2027-13-01"), "products[0].expires"),
        (lambda c: c["products"][0].update(formulation="mesofat"), "products[0].formulation"),
        (lambda c: c["products"][0].pop("formulation"), "products[0].formulation"),
        (lambda c: c["products"][0].update(oily="no"), "products[0].oily"),
        (lambda c: c["points"][0].update(technique="laser"), "points[0].technique"),
        (lambda c: c["points"][0].update(depth_mm=0), "points[0].depth_mm"),
        (lambda c: c["points"][0].update(depth_mm="2"), "points[0].depth_mm"),
        (lambda c: c["points"][0].update(volume_ml=-0.1), "points[0].volume_ml"),
        (lambda c: c["points"][0].pop("needle"), "points[0].needle"),
        (lambda c: c["points"][0]["needle"].update(length_mm=0), "points[0].needle.length_mm"),
        (lambda c: c["points"][0]["needle"].update(gauge=30.5), "points[0].needle.gauge"),
        (lambda c: c["points"][0].update(x_cm=None), "points[0].x_cm"),
        (lambda c: c["points"][0].update(y_cm=float("nan")), "points[0].y_cm"),
        (lambda c: c["points"][0].update(region=""), "points[0].region"),
        (lambda c: c["points"][0].update(colour="red"), "points[0].colour"),
        (lambda c: c.update(points={}), "points"),
    ],
)
def test_bad_chart_input_names_the_field(mutate: Any, field: str) -> None:
    chart = copy.deepcopy(CONTRACT_EXAMPLE)
    mutate(chart)
    with pytest.raises(InputError) as error:
        chart_check(chart, KB)
    assert error.value.field == field
