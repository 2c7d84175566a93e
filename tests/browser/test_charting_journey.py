"""Issue 12's first journey on a tablet: a clinician receives a lot, opens today's appointment's
session record, ticks the checklist, draws a syringe from the lot, places two papules on the
face map by clicking it, signs with their password, sees the record locked, and sees the lot's
stock one vial lower."""

from __future__ import annotations

import datetime
import io
import secrets
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from mesodesk.demo.clinics import DEMO_PASSWORD
from tests.browser.test_intake_consent_journey import sign_in

pytestmark = pytest.mark.browser


def clinic_today() -> datetime.date:
    """Today in the demo clinics' time zone (the server's), not the test machine's."""
    return datetime.datetime.now(ZoneInfo("Europe/Paris")).date()


def receive_a_lot(page: Page, base: str, name: str, number: str) -> str:
    """A product and a lot of 10 vials through the stock pages; the lot's page address."""
    page.goto(f"{base}/inventory/products/new/")
    page.get_by_label("Name", exact=True).fill(name)
    page.locator("select[name=formulation]").select_option("mesolift")
    page.get_by_label("Manufacturer").fill("NWM")
    page.get_by_label("Volume per unit (ml)").fill("5")
    page.get_by_role("button", name="Save the product").click()
    page.get_by_role("link", name="Receive a lot").click()
    page.get_by_label("Lot number").fill(number)
    page.get_by_label("Expiry date").fill((clinic_today() + datetime.timedelta(days=300)).isoformat())
    page.get_by_label("Units received").fill("10")
    page.get_by_label("Supplier").fill("Pharma Lyon")
    page.get_by_label("Received on").fill(clinic_today().isoformat())
    page.get_by_role("button", name="Receive the lot").click()
    page.get_by_role("link", name=number).click()
    return page.url


def todays_mesotherapy(page: Page, base: str, clinician: str) -> int:
    """One of the demo's appointments today for this clinician, through the API (the dashboard's
    "start the session" action is another branch's work)."""
    answer = page.request.get(f"{base}/api/v1/appointments?start={clinic_today().isoformat()}&days=1")
    found: list[dict[str, Any]] = [
        a for a in answer.json()
        if a["clinician"] == clinician and a["kind"] == "mesotherapy" and not a["cancelled"]
    ]  # fmt: skip
    assert found, "the demo books every working day; today has no mesotherapy for the clinician"
    return int(found[-1]["id"])


def click_map(page: Page, x: float, y: float) -> None:
    """A click on the body map at (x, y) in the view's own coordinates (0 to 100)."""
    page.locator(".bodymap-svg").scroll_into_view_if_needed()  # a click lands only inside the viewport
    box = page.locator(".bodymap-svg").bounding_box()
    assert box
    page.mouse.click(box["x"] + box["width"] * x / 100, box["y"] + box["height"] * y / 100)


def height_of(page: Page, units: float) -> float:
    """Pixels for `units` of the view's height (0 to 100) as the map is drawn now."""
    box = page.locator(".bodymap-svg").bounding_box()
    assert box
    return box["height"] * units / 100


def drag_point(page: Page, index: int, dx: float, dy: float) -> None:
    """Drag a point of the map by (dx, dy) pixels, as a finger or a mouse does."""
    circle = page.locator(".bodymap-svg circle.bm-point").nth(index)
    circle.scroll_into_view_if_needed()
    box = circle.bounding_box()
    assert box
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y + dy, steps=10)
    page.mouse.up()


def test_chart_two_points_sign_and_see_the_stock_go_down(
    page: Page, live_server_url: str, artifacts: Path
) -> None:
    base = live_server_url
    clinician = "bellecour-clinician"
    number = f"LOT-{secrets.token_hex(3).upper()}"
    sign_in(page, base, clinician)
    lot_url = receive_a_lot(page, base, f"MesoLift {number}", number)
    expect(page.locator("dd").nth(1)).to_have_text("10")

    page.goto(f"{base}/charting/appointments/{todays_mesotherapy(page, base, clinician)}/")
    open_button = page.get_by_role("button", name="Open the session record")
    if open_button.count():
        open_button.click()
    expect(page.get_by_role("heading", name="Session record", exact=False).first).to_be_visible()

    for label in ("Screening still current", "Consent in force", "Pre-care followed",
                  "Previous bruising resolved", "Gloves worn"):  # fmt: skip
        page.get_by_label(label).check()
    page.locator("select[name=details-disinfectant]").select_option("chlorhexidine")
    page.locator("form[action$='/details/'] button[type=submit]").click()
    expect(page.get_by_text("Saved.")).to_be_visible()

    page.locator("select[name=syringe-lot_1]").select_option(label=page.locator(
        "select[name=syringe-lot_1] option", has_text=number).inner_text())  # fmt: skip
    page.locator("input[name=syringe-volume_1]").fill("2")
    page.get_by_role("button", name="Add the syringe").click()
    expect(page.get_by_text("Syringe charted.")).to_be_visible()

    click_map(page, 35, 16)  # the forehead, left of the midline
    expect(page.get_by_text("Point added.")).to_be_visible()
    click_map(page, 65, 16)  # and right of it
    expect(page.get_by_text("Point added.")).to_be_visible()
    expect(page.locator("#marks tbody tr")).to_have_count(2)
    expect(page.locator(".bodymap-svg circle.bm-point")).to_have_count(2)

    drag_point(page, 1, dx=0, dy=height_of(page, 32))  # the second point, down onto the left cheek
    expect(page.get_by_text("Point moved.")).to_be_visible()
    expect(page.locator("#marks tbody tr").nth(1)).to_contain_text("Left cheek")
    page.screenshot(path=str(artifacts / "charted.png"), full_page=True)

    page.get_by_label("Your password, to sign").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign the session").click()
    expect(page.locator("#record-status")).to_contain_text("Signed and locked")
    expect(page.get_by_role("button", name="Add the point")).to_have_count(0)

    # The locked chart on paper: its PDF, as the record's link gives it, read back.
    href = page.get_by_role("link", name="PDF of the record").get_attribute("href")
    answer = page.context.request.get(f"{base}{href}")
    assert answer.ok and answer.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(answer.body())).pages)
    assert "Left cheek" in text and "Signed" in text

    page.goto(lot_url)
    expect(page.locator("dd").nth(1)).to_have_text("9")
