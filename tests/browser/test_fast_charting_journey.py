"""Issue 12's fast charting on a tablet: a clinician opens today's session record and charts a
sixty-point scalp session with the single-pulse grid (1 cm apart, source 003) in a handful of
actions, then opens the record's print view. The actions and the seconds it took are written
to the test's artifacts (measured, never asserted: the machine's speed is not the product's)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_charting_journey import clinic_today
from tests.browser.test_intake_consent_journey import sign_in

pytestmark = pytest.mark.browser


def open_a_record(page: Page, base: str, clinician: str) -> None:
    """The record of one of today's appointments whose gates let the session start (the demo
    leaves some patients without consent, and the gates refuse those, as they should), and
    that no other journey on this live server has charted into yet."""
    answer = page.request.get(f"{base}/api/v1/appointments?start={clinic_today().isoformat()}&days=1")
    ids = [
        a["id"] for a in answer.json()
        if a["clinician"] == clinician and a["kind"] == "mesotherapy" and not a["cancelled"]
    ]  # fmt: skip
    for appointment in ids:
        page.goto(f"{base}/charting/appointments/{appointment}/")
        open_button = page.get_by_role("button", name="Open the session record")
        if open_button.count():
            open_button.click()
        fast = page.get_by_role("heading", name="Fast charting").count()
        if fast and page.locator("#marks").get_by_text("Nothing charted yet.").count():
            return
    pytest.fail("no appointment today whose session may start with an empty chart")


def test_a_sixty_point_scalp_session_in_a_handful_of_actions(
    page: Page, live_server_url: str, artifacts: Path
) -> None:
    base = live_server_url
    clinician = "confluence-clinician"
    sign_in(page, base, clinician)
    open_a_record(page, base, clinician)
    expect(page.get_by_role("heading", name="Fast charting")).to_be_visible()

    started, actions = time.monotonic(), 0
    for region in ("Scalp, from above — Frontal area", "Scalp, from above — Vertex"):
        page.locator("select[name=template-place]").select_option(label=region)
        page.get_by_role("button", name="Chart the grid").click()
        actions += 2
        expect(page.get_by_text("points charted.")).to_be_visible()
    seconds = time.monotonic() - started

    rows = page.locator("#marks tbody tr").count()
    assert rows >= 60
    assert actions <= 4
    expect(page.locator("#findings")).not_to_contain_text("too close")
    (artifacts / "fast-charting.json").write_text(
        json.dumps({"points": rows, "actions": actions, "seconds": seconds})
    )
    page.screenshot(path=str(artifacts / "scalp-grid.png"), full_page=True)

    page.get_by_role("link", name="Print view").click()
    expect(page.locator("svg.map-print")).to_have_count(1)
    expect(page.locator("table.injections tbody tr")).to_have_count(rows)
