"""The body map's views: each a picture with its own coordinates and named regions.

A position is stored in the view's own coordinates, 0 to 100 across and down, so that it
means the same place whatever size the picture is drawn at; each view states how many
centimetres its width and height stand for, which turns positions into the centimetres
the chart check measures spacing in. Regions are polygons in the same coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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

    @property
    def svg_height(self) -> float:
        """The picture's height when its width is 100: the view keeps its proportions."""
        return SIZE * self.height_cm / self.width_cm

    @property
    def y_scale(self) -> float:
        return self.svg_height / SIZE

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


def _box(x0: float, y0: float, x1: float, y1: float) -> tuple[tuple[float, float], ...]:
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


FACE_FRONT = View(
    "face_front",
    _("Face, front"),
    width_cm=16,
    height_cm=22,
    outline="M50 2 C78 2 90 22 90 45 C90 72 74 98 50 98 C26 98 10 72 10 45 C10 22 22 2 50 2 Z",
    regions=(
        Region("forehead", _("Forehead"), _box(18, 6, 82, 30)),
        Region("glabella", _("Glabella"), _box(42, 30, 58, 40)),
        Region("periorbital_right", _("Right periorbital area"), _box(18, 30, 42, 44)),
        Region("periorbital_left", _("Left periorbital area"), _box(58, 30, 82, 44)),
        Region("nose", _("Nose"), _box(42, 40, 58, 62)),
        Region("cheek_right", _("Right cheek"), _box(12, 44, 42, 62)),
        Region("cheek_left", _("Left cheek"), _box(58, 44, 88, 62)),
        Region("perioral", _("Perioral area"), _box(30, 62, 70, 80)),
        Region("jawline_right", _("Right jawline"), _box(14, 62, 30, 90)),
        Region("jawline_left", _("Left jawline"), _box(70, 62, 86, 90)),
        Region("chin", _("Chin"), _box(30, 80, 70, 97)),
    ),
    # The midline and the facial thirds, as the clinician's eye uses them.
    guides=((50, 2, 50, 98), (10, 33, 90, 33), (10, 64, 90, 64)),
)

# Seen from above with the forehead at the top, the patient's right is on the picture's right;
# on the front views (face, abdomen) it is on the picture's left.
SCALP_TOP = View(
    "scalp_top",
    _("Scalp, from above"),
    width_cm=16,
    height_cm=20,
    outline="M50 2 C80 2 96 25 96 50 C96 78 78 98 50 98 C22 98 4 78 4 50 C4 25 20 2 50 2 Z",
    regions=(
        Region("frontal", _("Frontal area"), _box(10, 2, 90, 30)),
        Region("parietal_left", _("Left parietal area"), _box(4, 30, 36, 72)),
        Region("vertex", _("Vertex"), _box(36, 30, 64, 72)),
        Region("parietal_right", _("Right parietal area"), _box(64, 30, 96, 72)),
        Region("occipital", _("Occipital area"), _box(10, 72, 90, 98)),
    ),
    guides=((50, 2, 50, 98),),
)

ABDOMEN = View(
    "abdomen",
    _("Abdomen"),
    width_cm=32,
    height_cm=26,
    outline="M12 2 L88 2 C94 30 96 60 90 98 L10 98 C4 60 6 30 12 2 Z",
    regions=(
        Region("upper_abdomen_right", _("Upper abdomen, right"), _box(6, 2, 50, 40)),
        Region("upper_abdomen_left", _("Upper abdomen, left"), _box(50, 2, 94, 40)),
        Region("periumbilical", _("Around the navel"), _box(30, 40, 70, 62)),
        Region("flank_right", _("Right flank"), _box(4, 40, 30, 98)),
        Region("flank_left", _("Left flank"), _box(70, 40, 96, 98)),
        Region("lower_abdomen", _("Lower abdomen"), _box(30, 62, 70, 98)),
    ),
    guides=((50, 2, 50, 98), (6, 51, 94, 51)),
)

VIEWS: tuple[View, ...] = (FACE_FRONT, SCALP_TOP, ABDOMEN)
VIEW_BY_CODE = {v.code: v for v in VIEWS}


def view_choices() -> list[tuple[str, str | Promise]]:
    return [(v.code, v.label) for v in VIEWS]
