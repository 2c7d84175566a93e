"""Issue 11's safety journey: a clinician reports an infection after one patient's session,
a second after another patient's, and sees the safety signal on the dashboard."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_intake_consent_journey import sign_in

pytestmark = pytest.mark.browser


def infection_after_first_session(page: Page, base: str, family: str, today: str) -> None:
    page.goto(f"{base}/patients/new/")
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Given name").fill("Ines")
    page.get_by_label("Date of birth").fill("1984-06-12")
    page.get_by_role("button", name="Register").click()
    page.goto(f"{page.url.rstrip('/')}/history/")
    page.get_by_role("button", name="Save history").click()
    expect(page.get_by_text("History saved; the screening below uses it.")).to_be_visible()
    page.get_by_role("link", name="Start a course").click()
    page.get_by_label("Indication").select_option("hair_loss")
    page.get_by_label("Protocol").select_option("hair_loss_8")
    page.get_by_label("First session").fill(today)
    page.get_by_role("button", name="Create the course").click()
    expect(page.get_by_text("Course created with 8 planned sessions.")).to_be_visible()

    # Each session is recorded on its own small page (the course page lists, issue 15).
    page.locator("#session-1").get_by_role("link", name="Record").click()
    first = page.locator("#session-1")
    first.get_by_label("Status").select_option("done")
    first.get_by_role("button", name="Save").click()
    page.locator("#session-1").get_by_role("link", name="Report an adverse event").click()
    page.get_by_label("Type").select_option("infection")
    page.get_by_label("Onset").fill(today)
    page.get_by_label("Severity").select_option("moderate")
    page.get_by_role("button", name="Record the adverse event").click()
    expect(page.get_by_text("Adverse event recorded.")).to_be_visible()


def test_two_infections_by_one_clinician_raise_the_signal_on_the_dashboard(
    page: Page, live_server_url: str, artifacts: Path
) -> None:
    base = live_server_url
    today = timezone.localdate().isoformat()  # the clinic's day, as the server reads it
    tag = secrets.token_hex(3)
    sign_in(page, base, "bellecour-clinician")
    infection_after_first_session(page, base, f"Signal{tag}a", today)
    page.goto(f"{base}/")
    infection_after_first_session(page, base, f"Signal{tag}b", today)

    page.goto(f"{base}/")
    alert = page.locator("#alerts li").filter(has_text="sharing the same clinician").first
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Safety signal")
    alert.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Safety signal")).to_be_visible()
    expect(page.get_by_text(f"SIGNAL{tag.upper()}A")).to_be_visible()
    expect(page.get_by_text(f"SIGNAL{tag.upper()}B")).to_be_visible()
    page.screenshot(path=str(artifacts / "safety-signal.png"), full_page=True)
