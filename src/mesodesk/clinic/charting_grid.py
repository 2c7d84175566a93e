"""Charting templates: where the points of a protocol's grid fall on a region of the body map.

Plain Python (no Django): the caller gives the region's outline in the view's own units
(0 to 100 across) and the view's size in centimetres; the grid comes back in the same units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Source 003 ("Mesotherapy – what is it and how does it work?", How does a mesotherapy treatment
# work? - How?): in the single-pulse mode "individual injections with a low dosage are introduced
# at a defined depth at intervals of approximately 1 cm", on the skin as on the scalp. The
# knowledge base files that mode as point by point (techniques.yaml, note of point_by_point).
SINGLE_PULSE_SPACING_CM = 1.0
# No source gives a grid's spacing for another technique: there is no template for them.
MAX_GRID_POINTS = 400

Corner = tuple[float, float]


@dataclass(frozen=True)
class GridTemplate:
    """A protocol's grid: its technique (a knowledge-base code), spacing and source."""

    code: str
    technique: str
    spacing_cm: float
    source: str
    where: str


TEMPLATES: tuple[GridTemplate, ...] = (
    GridTemplate(
        code="single_pulse_grid",
        technique="point_by_point",
        spacing_cm=SINGLE_PULSE_SPACING_CM,
        source="003_2731458d19abe466",
        where="How does a mesotherapy treatment work? - How?",
    ),
)
TEMPLATE_BY_CODE = {t.code: t for t in TEMPLATES}


def inside(x: float, y: float, polygon: tuple[Corner, ...]) -> bool:
    """Whether (x, y) lies inside the polygon (ray casting; a point on an edge may go either way)."""
    found = False
    j = len(polygon) - 1
    for i, (xi, yi) in enumerate(polygon):
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            found = not found
        j = i
    return found


def _axis(low: float, high: float, units_per_cm: float, spacing_cm: float) -> list[float]:
    """Positions along one axis, `spacing_cm` apart, centred strictly inside [low, high] (a point
    never sits on the region's edge, where the region beside it begins)."""
    span_cm = (high - low) / units_per_cm
    count = max(1, math.ceil(span_cm / spacing_cm - 1e-9))
    first = low + (span_cm - (count - 1) * spacing_cm) / 2 * units_per_cm
    return [first + k * spacing_cm * units_per_cm for k in range(count)]


def grid_points(
    polygon: tuple[Corner, ...], *, width_cm: float, height_cm: float, spacing_cm: float, size: float = 100.0
) -> list[Corner]:
    """The grid's points inside `polygon`, `spacing_cm` apart on the body, row by row from the top.

    `polygon` is in the view's units: `size` across for `width_cm`, `size` down for `height_cm`.
    Raises ValueError for a spacing or a size that is not positive, or a grid past MAX_GRID_POINTS."""
    if spacing_cm <= 0 or width_cm <= 0 or height_cm <= 0 or len(polygon) < 3:
        raise ValueError("a grid needs a positive spacing and size, and an outline of 3 corners or more")
    xs = [c[0] for c in polygon]
    ys = [c[1] for c in polygon]
    across = _axis(min(xs), max(xs), size / width_cm, spacing_cm)
    down = _axis(min(ys), max(ys), size / height_cm, spacing_cm)
    if len(across) * len(down) > MAX_GRID_POINTS * 4:
        raise ValueError("the grid would hold too many points")
    rounded = ((round(x, 3), round(y, 3)) for y in down for x in across)
    points = [(x, y) for x, y in rounded if inside(x, y, polygon)]
    if len(points) > MAX_GRID_POINTS:
        raise ValueError("the grid would hold too many points")
    return points
