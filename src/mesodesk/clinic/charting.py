"""Checking a session's injection record: depths, needles, volumes, spacing, products."""

from __future__ import annotations

import math

from mesodesk.clinic import fields
from mesodesk.clinic.errors import InputError
from mesodesk.clinic.findings import ChartFinding

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any

    from mesodesk.knowledge.model import KnowledgeBase, Technique

# Distances come from floating-point coordinates; a point drawn exactly at the
# minimum spacing must not be flagged because of rounding.
_SPACING_TOLERANCE_CM = 1e-9
_FIELDS = frozenset({"date", "patient", "products", "points"})
_PATIENT_FIELDS = frozenset({"allergies"})
_PRODUCT_FIELDS = frozenset({"formulation", "ingredients", "lot", "expires", "oily"})
_POINT_FIELDS = frozenset({"technique", "depth_mm", "volume_ml", "needle", "x_cm", "y_cm", "region"})
_NEEDLE_FIELDS = frozenset({"gauge", "length_mm"})


class Product:
    __slots__ = ("expires", "formulation", "ingredients", "lot", "oily")

    def __init__(
        self,
        *,
        formulation: str | None,
        ingredients: frozenset[str],
        lot: str,
        expires: datetime.date,
        oily: bool,
    ) -> None:
        self.formulation = formulation
        self.ingredients = ingredients
        self.lot = lot
        self.expires = expires
        self.oily = oily


class Point:
    __slots__ = (
        "depth_mm",
        "needle_gauge",
        "needle_length_mm",
        "region",
        "technique",
        "volume_ml",
        "x_cm",
        "y_cm",
    )

    def __init__(
        self,
        *,
        technique: str,
        depth_mm: float,
        volume_ml: float,
        needle_gauge: int | None,
        needle_length_mm: float,
        x_cm: float,
        y_cm: float,
        region: str,
    ) -> None:
        self.technique = technique
        self.depth_mm = depth_mm
        self.volume_ml = volume_ml
        self.needle_gauge = needle_gauge
        self.needle_length_mm = needle_length_mm
        self.x_cm = x_cm
        self.y_cm = y_cm
        self.region = region


class Chart:
    __slots__ = ("allergies", "date", "points", "products")

    def __init__(
        self,
        *,
        date: datetime.date,
        allergies: frozenset[str],
        products: tuple[Product, ...],
        points: tuple[Point, ...],
    ) -> None:
        self.date = date
        self.allergies = allergies
        self.products = products
        self.points = points


class ChartCheck:
    __slots__ = ("findings", "ok")

    def __init__(self, findings: tuple[ChartFinding, ...]) -> None:
        self.findings = findings
        self.ok = not any(f.severity == "error" for f in findings)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "findings": [f.to_dict() for f in self.findings]}


def parse_chart(data: Any, kb: KnowledgeBase) -> Chart:
    """The chart-check contract's input, checked; raises InputError naming the field."""
    data = fields.mapping(data, "input", _FIELDS)
    patient = fields.mapping(_given(data, "patient", {}), "patient", _PATIENT_FIELDS)
    allergies = patient.get("allergies")
    products = _given(data, "products", [])
    points = _given(data, "points", [])
    if not isinstance(products, list):
        raise InputError("products", "must be a list")
    if not isinstance(points, list):
        raise InputError("points", "must be a list")
    return Chart(
        date=fields.iso_date(fields.required(data, "date", "date"), "date"),
        allergies=frozenset()
        if not allergies
        else fields.codes(allergies, "patient.allergies", kb.ingredient_codes),
        products=tuple(_parse_product(p, f"products[{i}]", kb) for i, p in enumerate(products)),
        points=tuple(_parse_point(p, f"points[{i}]", kb) for i, p in enumerate(points)),
    )


def _given(data: Any, key: str, default: Any) -> Any:
    value = data.get(key)
    return default if value is None else value


def _parse_product(raw: Any, where: str, kb: KnowledgeBase) -> Product:
    raw = fields.mapping(raw, where, _PRODUCT_FIELDS)
    formulation = raw.get("formulation")
    extra = raw.get("ingredients")
    if formulation is None and extra is None:
        raise InputError(f"{where}.formulation", "is required (or list the ingredients)")
    ingredients = (
        frozenset() if extra is None else fields.codes(extra, f"{where}.ingredients", kb.ingredient_codes)
    )
    if formulation is not None:
        fields.code(formulation, f"{where}.formulation", kb.formulation_by_code)
        ingredients |= kb.ingredients_by_formulation[formulation]
    oily = raw.get("oily")
    return Product(
        formulation=formulation,
        ingredients=ingredients,
        lot=fields.text(fields.required(raw, "lot", f"{where}.lot"), f"{where}.lot"),
        expires=fields.iso_date(fields.required(raw, "expires", f"{where}.expires"), f"{where}.expires"),
        oily=False if oily is None else fields.boolean(oily, f"{where}.oily"),
    )


def _parse_point(raw: Any, where: str, kb: KnowledgeBase) -> Point:
    raw = fields.mapping(raw, where, _POINT_FIELDS)

    def need(key: str) -> Any:
        return fields.required(raw, key, f"{where}.{key}")

    technique = fields.code(need("technique"), f"{where}.technique", kb.technique_by_code)
    depth_mm = fields.number(need("depth_mm"), f"{where}.depth_mm", 0, 50, low_open=True)
    volume_ml = fields.number(need("volume_ml"), f"{where}.volume_ml", 0, 10)
    needle = fields.mapping(need("needle"), f"{where}.needle", _NEEDLE_FIELDS)
    gauge = needle.get("gauge")
    length = fields.required(needle, "length_mm", f"{where}.needle.length_mm")
    return Point(
        technique=technique,
        depth_mm=depth_mm,
        volume_ml=volume_ml,
        needle_gauge=None if gauge is None else fields.whole_number(gauge, f"{where}.needle.gauge", 10, 40),
        needle_length_mm=fields.number(length, f"{where}.needle.length_mm", 0, 100, low_open=True),
        x_cm=fields.number(need("x_cm"), f"{where}.x_cm", -500, 500),
        y_cm=fields.number(need("y_cm"), f"{where}.y_cm", -500, 500),
        region=fields.text(need("region"), f"{where}.region", 60),
    )


def check_chart(chart: Chart, kb: KnowledgeBase) -> ChartCheck:
    """Every error and warning in a session's record; the chart is ok when there is no error."""
    findings: list[ChartFinding] = []
    findings.extend(_product_findings(chart, kb))
    for index, point in enumerate(chart.points):
        findings.extend(_point_findings(index, point, kb.technique_by_code[point.technique]))
    findings.extend(_spacing_findings(chart.points, kb))
    findings.sort(key=lambda f: (f.point is not None, f.point or 0, f.product or 0, f.code))
    return ChartCheck(tuple(findings))


def _product_findings(chart: Chart, kb: KnowledgeBase) -> list[ChartFinding]:
    findings = []
    allergy_rule = kb.contraindication_by_code["ingredient_allergy"]
    correct_use = kb.drug_requirement_by_code["correct_use"].sources
    not_oily = kb.drug_requirement_by_code["not_oily"].sources
    for index, product in enumerate(chart.products):
        name = product.formulation or "product"
        if product.expires < chart.date:
            findings.append(
                ChartFinding(
                    "lot_expired",
                    "error",
                    f"Lot {product.lot} of {name} expired on {product.expires.isoformat()}, "
                    f"before the session on {chart.date.isoformat()}; an out-of-date drug "
                    "is a drug used incorrectly.",
                    correct_use,
                    product=index,
                )
            )
        if product.oily:
            findings.append(
                ChartFinding(
                    "oily_solution",
                    "error",
                    f"Lot {product.lot} of {name} is an oily solution; injected drugs must not be oily.",
                    not_oily,
                    product=index,
                )
            )
        allergic_to = chart.allergies & product.ingredients
        if allergic_to:
            findings.append(
                ChartFinding(
                    "ingredient_allergy",
                    "error",
                    f"The patient is allergic to {', '.join(sorted(allergic_to))}, "
                    f"in {name} (lot {product.lot}).",
                    allergy_rule.sources,
                    product=index,
                )
            )
    return findings


def _point_findings(index: int, point: Point, technique: Technique) -> list[ChartFinding]:
    findings = []
    if not technique.depth_allowed(point.depth_mm):
        findings.append(
            ChartFinding(
                "depth_outside_technique",
                "error",
                f"{point.depth_mm:g} mm is outside {technique.code}'s depth of {technique.depth_range()}.",
                technique.sources,
                point=index,
            )
        )
    if point.depth_mm > point.needle_length_mm:
        findings.append(
            ChartFinding(
                "depth_exceeds_needle",
                "error",
                f"{point.depth_mm:g} mm is deeper than the {point.needle_length_mm:g} mm needle can reach.",
                technique.sources,
                point=index,
            )
        )
    if technique.volume_max_ml is not None and point.volume_ml > technique.volume_max_ml:
        findings.append(
            ChartFinding(
                "volume_above_max",
                "warning",
                f"{point.volume_ml:g} ml is above {technique.code}'s "
                f"{technique.volume_max_ml:g} ml per point.",
                technique.sources,
                point=index,
            )
        )
    if technique.volume_min_ml is not None and point.volume_ml < technique.volume_min_ml:
        findings.append(
            ChartFinding(
                "volume_below_min",
                "warning",
                f"{point.volume_ml:g} ml is below {technique.code}'s "
                f"{technique.volume_min_ml:g} ml per point.",
                technique.sources,
                point=index,
            )
        )
    return findings


def _spacing_findings(points: tuple[Point, ...], kb: KnowledgeBase) -> list[ChartFinding]:
    """Each point closer than its technique's minimum spacing to an earlier one of the same
    technique in the same region. Points in different regions are never compared: the body
    map gives each region its own coordinates.

    Linear in points: each (region, technique) keeps a grid of square cells as wide as the
    minimum spacing, so a point closer than that to another lies in the same cell or one of
    the eight around it, and only those are looked at. The nearest such earlier point is
    named (the lowest index among equally near ones), as a comparison with every earlier
    point would name it (tests/clinic/test_charting_spacing.py holds that comparison)."""
    findings = []
    grids: dict[tuple[str, str], dict[tuple[int, int], list[int]]] = {}
    for index, point in enumerate(points):
        technique = kb.technique_by_code[point.technique]
        minimum = technique.spacing_min_cm
        if minimum is None or minimum <= _SPACING_TOLERANCE_CM:
            continue  # no distance is below a spacing of (about) nothing
        grid = grids.setdefault((point.region, point.technique), {})
        column, row = math.floor(point.x_cm / minimum), math.floor(point.y_cm / minimum)
        reach = minimum - _SPACING_TOLERANCE_CM
        nearest: tuple[float, int] | None = None
        for near_column in (column - 1, column, column + 1):
            for near_row in (row - 1, row, row + 1):
                for other in grid.get((near_column, near_row), ()):
                    distance = math.hypot(point.x_cm - points[other].x_cm, point.y_cm - points[other].y_cm)
                    if distance < reach and (nearest is None or (distance, other) < nearest):
                        nearest = (distance, other)
        if nearest is not None:
            findings.append(
                ChartFinding(
                    "spacing_below_min",
                    "warning",
                    f"{nearest[0]:.2g} cm from point {nearest[1]} in {point.region}; "
                    f"{technique.code} points should be at least {minimum:g} cm apart.",
                    technique.sources,
                    point=index,
                )
            )
        grid.setdefault((column, row), []).append(index)
    return findings


def chart_check(data: Any, kb: KnowledgeBase) -> dict[str, Any]:
    """The chart-check contract: JSON-shaped input to JSON-shaped output."""
    return check_chart(parse_chart(data, kb), kb).to_dict()
