"""The body map's geometry: a view is a picture with its own coordinates and named regions.

A position is stored in the view's own coordinates, 0 to 100 across and down, so that it
means the same place whatever size the picture is drawn at; each view states how many
centimetres its width and height stand for, which turns positions into the centimetres
the chart check measures spacing in. Regions are polygons in the same coordinates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise

SIZE = 100.0


@dataclass(frozen=True)
class Region:
    code: str
    label: str | Promise
    polygon: tuple[tuple[float, float], ...]

    @property
    def svg_points(self) -> str:
        return " ".join(f"{x:g},{y:g}" for x, y in self.polygon)


@dataclass(frozen=True)
class View:
    code: str
    label: str | Promise
    width_cm: float
    height_cm: float
    outline: str  # an SVG path in the view's coordinates, drawn under the regions
    regions: tuple[Region, ...]
    guides: tuple[tuple[float, float, float, float], ...] = ()  # lines: midline, thirds
    framing: str | Promise = ""  # how a before or after photograph of this view is framed

    @property
    def svg_height(self) -> float:
        """The picture's height when its width is 100: the view keeps its proportions."""
        return SIZE * self.height_cm / self.width_cm

    @property
    def y_scale(self) -> float:
        return self.svg_height / SIZE

    @property
    def scale_bar(self) -> dict[str, float]:
        """The map's scale bar, in the picture's own units: a round number of centimetres (the
        longest of 1, 2, 5 or 10 within a third of the width), drawn along the bottom left."""
        cm = max((c for c in (1, 2, 5, 10) if c * SIZE / self.width_cm <= SIZE / 3), default=1)
        return {"cm": cm, "x1": 3, "x2": 3 + cm * SIZE / self.width_cm,
                "y": self.svg_height - 3, "text_y": self.svg_height - 4.5}  # fmt: skip

    def to_cm(self, x: float, y: float) -> tuple[float, float]:
        return x * self.width_cm / SIZE, y * self.height_cm / SIZE

    def region_at(self, x: float, y: float) -> Region | None:
        return next((r for r in self.regions if _inside(x, y, r.polygon)), None)


def _inside(x: float, y: float, polygon: tuple[tuple[float, float], ...]) -> bool:
    """Ray casting: a point on the map lies in at most one region, as the regions are drawn."""
    inside = False
    j = len(polygon) - 1
    for i, (xi, yi) in enumerate(polygon):
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def box(x0: float, y0: float, x1: float, y1: float) -> tuple[tuple[float, float], ...]:
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def mirrored_box(polygon: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
    """The same region seen in a mirror (left for right): across becomes 100 minus across."""
    return tuple((SIZE - x, y) for x, y in reversed(polygon))


def mirrored_path(path: str) -> str:
    """An outline seen in a mirror. The outlines use only absolute M, L, C and Z commands, whose
    numbers come in (across, down) pairs, so every other number is mirrored."""
    out: list[str] = []
    pair = 0
    for token in re.findall(r"[A-Za-z]|-?\d+(?:\.\d+)?", path):
        if token.isalpha():
            out.append(token)
            pair = 0
            continue
        value = float(token)
        out.append(f"{SIZE - value:g}" if pair % 2 == 0 else f"{value:g}")
        pair += 1
    return " ".join(out)


def mirrored(
    view: View, code: str, label: str | Promise, regions: dict[str, tuple[str, str | Promise]]
) -> View:
    """A view drawn as another's mirror image (the left profile from the right one), its regions
    renamed by `regions`: old code to (new code, new label)."""
    return View(
        code, label, width_cm=view.width_cm, height_cm=view.height_cm,
        outline=mirrored_path(view.outline),
        regions=tuple(Region(*regions[r.code], mirrored_box(r.polygon)) for r in view.regions),
        guides=tuple((SIZE - x0, y0, SIZE - x1, y1) for x0, y0, x1, y1 in view.guides),
        framing=view.framing,
    )  # fmt: skip
