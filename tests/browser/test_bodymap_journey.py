"""Issue 12's body map on a tablet: a clinician switches to the right profile, zooms in, places
a point (its position stays in the view's coordinates), moves it with the arrow keys as a
keyboard user does (and hears it), draws a nappage area corner by corner, takes a before and
an after photograph and compares them; then the charting page is looked at in German."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.test_charting_journey import clinic_today
from tests.browser.test_intake_consent_journey import sign_in

pytestmark = pytest.mark.browser

CLINICIAN = "confluence-clinician"
CORNERS = [(48.0, 20.0), (66.0, 20.0), (66.0, 28.0), (48.0, 28.0)]  # on the right profile's forehead


def a_mesotherapy_today(page: Page, base: str, clinician: str) -> int:
    """The first of today's mesotherapy appointments for the clinician (the charting journey
    signs the last of another clinician's)."""
    answer = page.request.get(f"{base}/api/v1/appointments?start={clinic_today().isoformat()}&days=1")
    found: list[dict[str, Any]] = [
        a for a in answer.json()
        if a["clinician"] == clinician and a["kind"] == "mesotherapy" and not a["cancelled"]
    ]  # fmt: skip
    assert found, "the demo books every working day; today has no mesotherapy for the clinician"
    return int(found[0]["id"])


def click_view(page: Page, x: float, y: float) -> None:
    """A click at (x, y) in the view's own coordinates, whatever the map's zoom: through the
    SVG's current viewBox, as the clinician's finger would land on that place of the picture."""
    svg = page.locator(".bodymap-svg")
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    assert box
    vb = page.evaluate(
        "() => { const s = document.querySelector('.bodymap-svg'); const b = s.viewBox.baseVal;"
        " return [b.x, b.y, b.width, b.height, parseFloat(s.dataset.yScale)]; }"
    )
    left, top, width, height, y_scale = vb
    page.mouse.click(
        box["x"] + (x - left) / width * box["width"], box["y"] + (y * y_scale - top) / height * box["height"]
    )


def cx(page: Page) -> float:
    return float(page.locator(".bodymap-svg circle.bm-point").first.get_attribute("cx") or "nan")


def jpeg(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 160), colour).save(out, format="JPEG")
    return out.getvalue()


def take_photo(page: Page, moment: str, colour: tuple[int, int, int]) -> None:
    page.locator("select[name=photo-moment]").select_option(moment)
    page.locator("input[name=photo-image]").set_input_files(
        files=[{"name": f"{moment}.jpg", "mimeType": "image/jpeg", "buffer": jpeg(colour)}]
    )
    page.get_by_role("button", name="Keep the photograph").click()
    expect(page.get_by_text("Photograph kept, without its metadata.")).to_be_visible()


def test_profile_zoom_point_keyboard_move_area_and_photos(
    page: Page, live_server_url: str, artifacts: Path
) -> None:
    base = live_server_url
    sign_in(page, base, CLINICIAN)
    page.goto(f"{base}/charting/appointments/{a_mesotherapy_today(page, base, CLINICIAN)}/")
    open_button = page.get_by_role("button", name="Open the session record")
    if open_button.count():
        open_button.click()
    expect(page.get_by_role("heading", name="Session record", exact=False).first).to_be_visible()

    page.get_by_role("link", name="Face, right profile").click()
    expect(page.locator(".bodymap figcaption")).to_contain_text("Face, right profile")
    page.get_by_role("button", name="Zoom in").click()
    expect(page.locator(".bm-zoom-level")).to_have_text("1.5×")

    click_view(page, 50, 50)  # the cheek, with the map zoomed in
    expect(page.get_by_text("Point added.")).to_be_visible()
    expect(page.locator(".bm-zoom-level")).to_have_text("1.5×")  # the zoom stays after the page reloads
    expect(page.locator("#marks tbody tr")).to_have_count(1)
    expect(page.locator("#marks tbody tr").first).to_contain_text("Face, right profile · Cheek")
    x0 = cx(page)
    assert x0 == pytest.approx(50, abs=0.5)  # in the view's units, not the zoomed picture's

    point = page.locator(".bm-point-link").first
    point.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowDown")
    expect(page.locator("#bm-status")).to_have_text(
        re.compile(r"^Point 1 moved to [\d.]+ across, [\d.]+ down\.$")
    )
    expect(page.get_by_text("Point moved.")).to_be_visible()  # sent once the keys rest
    expect(page.locator("#bm-status")).to_have_text("Point 1 saved at its new place.")
    expect(page.locator(".bm-point-link").first).to_be_focused()
    assert cx(page) == pytest.approx(x0 + 3)

    page.get_by_role("button", name="Draw a nappage area").click()
    for x, y in CORNERS:
        click_view(page, x, y)
    expect(page.locator("#bm-status")).to_have_text("Corner 4 of the area placed.")
    page.get_by_role("button", name="Close the area").click()
    outline = page.locator("input[name=area-polygon]").input_value()
    corners = [tuple(float(v) for v in pair.split(",")) for pair in outline.split()]
    assert corners == [pytest.approx(c, abs=0.5) for c in CORNERS]  # in the view's units, zoomed or not
    expect(page.locator("input[name=area-pricks_per_second]")).to_be_focused()
    page.locator("input[name=area-total_volume_ml]").fill("0.5")
    page.get_by_role("button", name="Add the area").click()
    expect(page.get_by_text("Nappage area added.")).to_be_visible()
    expect(page.locator(".bodymap-svg polygon.bm-area")).to_have_count(1)
    expect(page.locator("#marks tbody tr").nth(1)).to_contain_text("Face, right profile · Forehead")
    page.screenshot(path=str(artifacts / "profile-charted.png"), full_page=True)

    take_photo(page, "before", (200, 160, 140))
    take_photo(page, "after", (190, 150, 135))
    expect(page.locator("#photo-strip img")).to_have_count(2)
    page.get_by_role("link", name="Compare this view across sessions").click()
    expect(page.get_by_role("heading", name="Compare photographs", exact=False)).to_be_visible()
    expect(page.locator("#photo-pair img")).to_have_count(2)
    page.locator("#slider-position").fill("20")
    expect(page.locator("#photo-slider .photo-over")).to_have_css("clip-path", "inset(0px 80% 0px 0px)")
    page.screenshot(path=str(artifacts / "compare.png"), full_page=True)

    page.go_back()
    page.locator("#language-switch").select_option("de")
    page.get_by_role("button", name="Change language").click()
    expect(page.get_by_role("heading", name="Sitzungsdokumentation", exact=False).first).to_be_visible()
    page.screenshot(path=str(artifacts / "charting-de.png"), full_page=True)
