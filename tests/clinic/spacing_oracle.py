"""The spacing check as it was before the grid: each point against every earlier one of its
technique and region. Kept once, here: the oracle the grid must match
(tests/clinic/test_charting_spacing.py) and the "before" of bench/chart_check.py's ratio."""

from __future__ import annotations

import math
from typing import Any

from mesodesk.clinic.charting import _SPACING_TOLERANCE_CM, Point
from mesodesk.clinic.findings import ChartFinding


def quadratic_spacing_findings(points: tuple[Point, ...], kb: Any) -> list[ChartFinding]:
    """The oracle: each point against every earlier one of its technique and region."""
    findings = []
    earlier: dict[tuple[str, str], list[int]] = {}
    for index, point in enumerate(points):
        technique = kb.technique_by_code[point.technique]
        minimum = technique.spacing_min_cm
        if minimum is None:
            continue
        group = earlier.setdefault((point.region, point.technique), [])
        nearest: tuple[float, int] | None = None
        for other in group:
            distance = math.hypot(point.x_cm - points[other].x_cm, point.y_cm - points[other].y_cm)
            if distance < minimum - _SPACING_TOLERANCE_CM and (nearest is None or distance < nearest[0]):
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
        group.append(index)
    return findings
