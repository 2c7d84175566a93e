"""Geometry of the dashboard's SVG charts, computed here so the templates only place shapes
(no script, no inline style: the page's CSP allows neither). Each chart has a table beside it."""

from __future__ import annotations

from dataclasses import dataclass

from mesodesk.outcomes.dashboard import Group, Paired

BAR_WIDTH = 400.0
SLOPE_HEIGHT = 160.0
SLOPE_LEFT, SLOPE_RIGHT = 60.0, 240.0


@dataclass(frozen=True)
class Segment:
    level: str
    count: int
    x: float
    width: float
    percent: int


def stacked(group: Group) -> list[Segment]:
    """The group's satisfaction levels side by side on one bar of BAR_WIDTH."""
    x, out = 0.0, []
    for level, count, share in group.shares:
        width = round(share * BAR_WIDTH, 1)
        out.append(Segment(level, count, round(x, 1), width, round(share * 100)))
        x += width
    return out


@dataclass(frozen=True)
class Line:
    y1: float
    y2: float
    before: float
    after: float


def slopes(paired: Paired) -> tuple[list[Line], float, float]:
    """Each pair as a line from before (left) to after (right), on the pairs' own range;
    also the range (low, high) for the axis labels."""
    values = paired.before + paired.after
    low, high = min(values), max(values)
    span = (high - low) or 1.0

    def y(v: float) -> float:
        return round(10 + (high - v) / span * (SLOPE_HEIGHT - 20), 1)

    lines = [Line(y(b), y(a), b, a) for b, a in zip(paired.before, paired.after, strict=True)]
    return lines, low, high
