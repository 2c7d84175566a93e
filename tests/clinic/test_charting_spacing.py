"""The spacing check finds, through its grid, exactly what comparing every pair finds.

`quadratic_spacing_findings` (tests/clinic/spacing_oracle.py) is the check as it was before
the grid (every earlier point of the same technique and region compared): the oracle the grid must match,
on random charts drawn to hold many close points, points on cell edges, repeats, negative
coordinates, and spacings other than the knowledge base's one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mesodesk.clinic.charting import Point, _spacing_findings
from mesodesk.clinic.findings import ChartFinding
from tests.clinic.spacing_oracle import quadratic_spacing_findings
from tests.clinic.strategies import KB


@dataclass(frozen=True)
class FakeTechnique:
    code: str
    spacing_min_cm: float | None
    sources: tuple[str, ...] = ("004",)


@dataclass(frozen=True)
class FakeKnowledge:
    technique_by_code: dict[str, FakeTechnique]


def make_point(technique: str, x: float, y: float, region: str) -> Point:
    return Point(
        technique=technique,
        depth_mm=4,
        volume_ml=0.05,
        needle_gauge=30,
        needle_length_mm=6,
        x_cm=x,
        y_cm=y,
        region=region,
    )


# Coordinates on a coarse lattice (many exact ties and points on cell edges) or anywhere.
coordinates = st.one_of(
    st.integers(-40, 40).map(lambda n: n * 0.125),
    st.floats(-500, 500, allow_nan=False),
    st.floats(-3, 3, allow_nan=False),
)


@st.composite
def point_lists(draw: st.DrawFn, techniques: list[str]) -> tuple[Point, ...]:
    count = draw(st.integers(0, 60))
    return tuple(
        make_point(
            draw(st.sampled_from(techniques)),
            draw(coordinates),
            draw(coordinates),
            draw(st.sampled_from(["face", "scalp"])),
        )
        for _ in range(count)
    )


def as_dicts(findings: list[ChartFinding]) -> list[dict[str, Any]]:
    return [f.to_dict() for f in findings]


@settings(max_examples=300)
@given(point_lists(sorted(KB.technique_by_code)))
def test_the_grid_finds_what_comparing_every_pair_finds(points: tuple[Point, ...]) -> None:
    assert as_dicts(_spacing_findings(points, KB)) == as_dicts(quadratic_spacing_findings(points, KB))


@settings(max_examples=300)
@given(
    st.dictionaries(
        st.sampled_from(["a", "b", "c"]),
        st.one_of(st.none(), st.sampled_from([0.1, 0.3, 0.5, 1.0, 2.5]), st.floats(0.01, 50)),
        min_size=1,
    ).flatmap(lambda spacings: st.tuples(st.just(spacings), point_lists(sorted(spacings))))
)
def test_the_grid_matches_for_any_spacing(case: tuple[dict[str, float | None], tuple[Point, ...]]) -> None:
    spacings, points = case
    kb = FakeKnowledge({code: FakeTechnique(code, spacing) for code, spacing in spacings.items()})
    assert as_dicts(_spacing_findings(points, kb)) == as_dicts(quadratic_spacing_findings(points, kb))  # type: ignore[arg-type]


def test_among_equally_near_points_the_first_is_named() -> None:
    points = (
        make_point("point_by_point", 0.2, 0, "face"),
        make_point("point_by_point", -0.2, 0, "face"),
        make_point("point_by_point", 0, 0, "face"),
    )
    messages = [f.message for f in _spacing_findings(points, KB)]
    assert messages[-1].startswith("0.2 cm from point 0 in face")


def test_a_point_just_across_a_cell_edge_is_found() -> None:
    # 0.49 and 0.51 lie in different 0.5 cm cells, 0.02 cm apart.
    points = (make_point("point_by_point", 0.49, 0, "face"), make_point("point_by_point", 0.51, 0, "face"))
    assert [f.point for f in _spacing_findings(points, KB)] == [1]


def test_each_point_is_compared_with_its_neighbours_only(monkeypatch: Any) -> None:
    # 1,600 points 1 cm apart on a 40 x 40 lattice: before the grid, each was compared with
    # every earlier one (about 1.3 million distances); now with at most the 8 around it.
    from mesodesk.clinic import charting

    compared = 0

    def counting_hypot(dx: float, dy: float) -> float:
        nonlocal compared
        compared += 1
        return math.hypot(dx, dy)

    monkeypatch.setattr(
        charting, "math", type("CountingMath", (), {"hypot": counting_hypot, "floor": math.floor})
    )
    points = tuple(make_point("point_by_point", i % 40, i // 40, "face") for i in range(1600))
    assert _spacing_findings(points, KB) == []
    assert compared <= 8 * len(points)
