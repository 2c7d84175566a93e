"""The protocol grid (pure): every point inside the region, none closer than the spacing on the
body, the region covered a spacing apart, and a grid too large refused."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesodesk.clinic.charting_grid import (
    MAX_GRID_POINTS,
    SINGLE_PULSE_SPACING_CM,
    TEMPLATE_BY_CODE,
    grid_points,
    inside,
)

ROUNDING_CM = 0.01  # positions are kept to a thousandth of the view's width


def box(x0: float, y0: float, x1: float, y1: float) -> tuple[tuple[float, float], ...]:
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


regions = st.tuples(st.floats(0, 80), st.floats(0, 80), st.floats(5, 20), st.floats(5, 20)).map(
    lambda t: box(t[0], t[1], t[0] + t[2], t[1] + t[3])
)
sizes = st.floats(8, 40)
spacings = st.sampled_from([0.5, 1.0, 1.5, 2.0])


@given(regions, sizes, sizes, spacings)
def test_every_point_is_inside_and_a_spacing_from_the_others(
    region: tuple[tuple[float, float], ...], width_cm: float, height_cm: float, spacing: float
) -> None:
    points = grid_points(region, width_cm=width_cm, height_cm=height_cm, spacing_cm=spacing)

    assert points
    assert all(inside(x, y, region) for x, y in points)
    for (x1, y1), (x2, y2) in itertools.combinations(points, 2):
        apart = math.hypot((x1 - x2) * width_cm / 100, (y1 - y2) * height_cm / 100)
        assert apart >= spacing - ROUNDING_CM


@given(regions, sizes, sizes, spacings)
def test_the_grid_covers_the_region_a_spacing_apart(
    region: tuple[tuple[float, float], ...], width_cm: float, height_cm: float, spacing: float
) -> None:
    points = grid_points(region, width_cm=width_cm, height_cm=height_cm, spacing_cm=spacing)

    (x0, y0), (x1, _), (_, y1) = region[0], region[1], region[2]
    across = math.ceil((x1 - x0) * width_cm / 100 / spacing - 1e-9)
    down = math.ceil((y1 - y0) * height_cm / 100 / spacing - 1e-9)
    assert len(points) == max(1, across) * max(1, down)


def test_the_single_pulse_template_follows_source_003() -> None:
    template = TEMPLATE_BY_CODE["single_pulse_grid"]

    assert template.spacing_cm == SINGLE_PULSE_SPACING_CM == 1.0
    assert template.source == "003_2731458d19abe466"
    assert template.technique == "point_by_point"


def test_a_grid_too_large_is_refused() -> None:
    with pytest.raises(ValueError):
        grid_points(box(0, 0, 100, 100), width_cm=100, height_cm=100, spacing_cm=0.5)
    assert MAX_GRID_POINTS < 200 * 200


@pytest.mark.parametrize("spacing", [0, -1])
def test_a_spacing_that_is_not_positive_is_refused(spacing: float) -> None:
    with pytest.raises(ValueError):
        grid_points(box(0, 0, 50, 50), width_cm=16, height_cm=20, spacing_cm=spacing)
