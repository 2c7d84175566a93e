"""The body map's geometry: a point placed inside a region is found in that region only, and
centimetres scale with the view's own size (the spacing check measures in them)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mesodesk.charting.bodymap import VIEWS, View

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
