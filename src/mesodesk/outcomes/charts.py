"""Geometry of the dashboard's SVG charts, computed here so the templates only place shapes
(no script, no inline style: the page's CSP allows neither). Each chart has a table beside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mesodesk.outcomes.dashboard import Group, Paired

BAR_WIDTH = 400.0
SLOPE_HEIGHT = 160.0
SLOPE_LEFT, SLOPE_RIGHT = 100.0, 260.0  # room on the left for a grade's name


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
    before: float | str
    after: float | str


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class Slopes:
    """The lines, the range (low, high), and for an ordinal scale a tick per grade."""

    lines: list[Line]
    low: float
    high: float
    ticks: list[Tick] = field(default_factory=list)


def slopes(paired: Paired, label: Callable[[float], str] | None = None) -> Slopes:
    """Each pair as a line from before (left) to after (right), on the pairs' own range.
    With `label` (an ordinal scale: rank → its grade's name) the lines and the ticks carry
    the grades' names instead of their ranks."""
    values = paired.before + paired.after
    low, high = min(values), max(values)
    span = (high - low) or 1.0

    def y(v: float) -> float:
        return round(10 + (high - v) / span * (SLOPE_HEIGHT - 20), 1)

    if label is None:
        lines = [Line(y(b), y(a), b, a) for b, a in zip(paired.before, paired.after, strict=True)]
        return Slopes(lines, low, high)
    lines = [Line(y(b), y(a), label(b), label(a)) for b, a in zip(paired.before, paired.after, strict=True)]
    ticks = [Tick(y(rank), label(rank)) for rank in range(round(low), round(high) + 1)]
    return Slopes(lines, low, high, ticks)
