"""The body map's geometry: a point placed inside a region is found in that region only, and
centimetres scale with the view's own size (the spacing check measures in them)."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from mesodesk.charting.bodymap import VIEW_BY_CODE, VIEWS, View
from mesodesk.charting.bodymap.geometry import mirrored_path

views = st.sampled_from(VIEWS)


@given(views, st.data())
def test_a_point_inside_a_region_is_found_in_that_region(view: View, data: st.DataObject) -> None:
    region = data.draw(st.sampled_from(view.regions))
    xs = [x for x, _ in region.polygon]
    ys = [y for _, y in region.polygon]
    # Strictly inside the box each region is drawn as, away from the shared edges.
    x = data.draw(st.floats(min(xs) + 0.01, max(xs) - 0.01))
    y = data.draw(st.floats(min(ys) + 0.01, max(ys) - 0.01))

    found = view.region_at(x, y)

    assert found is not None
    assert found.code == region.code


@given(views, st.floats(0, 100), st.floats(0, 100))
def test_centimetres_scale_with_the_views_size(view: View, x: float, y: float) -> None:
    x_cm, y_cm = view.to_cm(x, y)

    assert 0 <= x_cm <= view.width_cm
    assert 0 <= y_cm <= view.height_cm


def test_regions_of_a_view_have_distinct_codes() -> None:
    for view in VIEWS:
        codes = [r.code for r in view.regions]
        assert len(codes) == len(set(codes)), view.code


def test_the_map_has_the_views_a_mesotherapy_practice_uses() -> None:
    assert [v.code for v in VIEWS] == [
        "face_front", "face_profile_right", "face_profile_left", "scalp_top", "neck_decollete",
        "hands_back", "abdomen", "thighs_buttocks", "back",
    ]  # fmt: skip


@given(st.floats(0, 100), st.floats(0, 100))
def test_the_left_profile_is_the_right_one_seen_in_a_mirror(x: float, y: float) -> None:
    right = VIEW_BY_CODE["face_profile_right"].region_at(x, y)
    left = VIEW_BY_CODE["face_profile_left"].region_at(100 - x, y)

    # Away from the regions' shared edges, the same place on the face is the same region.
    if right is not None and left is not None:
        assert left.code == right.code


def test_mirroring_an_outline_mirrors_every_across_position() -> None:
    assert mirrored_path("M10 20 C30 40 50 60 70 80 L0 5 Z") == "M 90 20 C 70 40 50 60 30 80 L 100 5 Z"


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.code)
def test_the_scale_bar_is_a_round_number_of_centimetres_at_the_views_scale(view: View) -> None:
    bar = view.scale_bar

    assert bar["cm"] in (1, 2, 5, 10)
    assert view.to_cm(bar["x2"] - bar["x1"], 0)[0] == pytest.approx(bar["cm"])
    assert bar["x2"] <= 100


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.code)
def test_every_view_has_a_framing_for_its_photographs_and_regions_inside_it(view: View) -> None:
    assert str(view.framing)
    assert all(0 <= c <= 100 for r in view.regions for corner in r.polygon for c in corner)


# Anatomical names that French or German write as English does.
SAME_IN_TRANSLATION = {"Vertex", "Glabella"}


@pytest.mark.parametrize("language", ["fr", "de"])
def test_every_region_and_view_is_named_in_french_and_german(language: str) -> None:
    with translation.override(language):
        for view in VIEWS:
            for label in (view.label, view.framing, *(r.label for r in view.regions)):
                with translation.override("en"):
                    english = str(label)
                if english not in SAME_IN_TRANSLATION:
                    assert str(label) != english, f"{view.code}: {english} in {language}"


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), min_size=2, max_size=8))
def test_an_outline_mirrored_twice_is_the_outline_again(corners: list[tuple[int, int]]) -> None:
    path = "M" + " L".join(f"{x} {y}" for x, y in corners) + " Z"

    twice = mirrored_path(mirrored_path(path))

    assert twice == mirrored_path(mirrored_path(twice))
    assert [float(v) for v in twice.replace("M", "").replace("L", "").replace("Z", "").split()] == [
        float(v) for x, y in corners for v in (x, y)
    ]
