"""The body map's views: each a picture with its own coordinates and named regions.

A position is stored in the view's own coordinates, 0 to 100 across and down, so that it
means the same place whatever size (or zoom) the picture is drawn at; each view states how
many centimetres its width and height stand for, which turns positions into the centimetres
the chart check measures spacing in. Regions are polygons in the same coordinates.
geometry.py holds the shapes; face.py and body.py the views, by part of the body.
"""

from __future__ import annotations

from django.utils.functional import Promise

from mesodesk.charting.bodymap.body import ABDOMEN, BACK, HANDS_BACK, THIGHS_BUTTOCKS
from mesodesk.charting.bodymap.face import (
    FACE_FRONT,
    FACE_PROFILE_LEFT,
    FACE_PROFILE_RIGHT,
    NECK_DECOLLETE,
    SCALP_TOP,
)
from mesodesk.charting.bodymap.geometry import SIZE, Region, View

__all__ = ["SIZE", "VIEWS", "VIEW_BY_CODE", "Region", "View", "view_choices"]

VIEWS: tuple[View, ...] = (
    FACE_FRONT, FACE_PROFILE_RIGHT, FACE_PROFILE_LEFT, SCALP_TOP, NECK_DECOLLETE,
    HANDS_BACK, ABDOMEN, THIGHS_BUTTOCKS, BACK,
)  # fmt: skip
VIEW_BY_CODE = {v.code: v for v in VIEWS}


def view_choices() -> list[tuple[str, str | Promise]]:
    return [(v.code, v.label) for v in VIEWS]
