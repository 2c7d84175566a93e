"""Issue 14's outcomes journey: a clinician starts a course for a German-speaking patient and
makes the questionnaire link; the patient answers it in German without signing in; the clinic's
outcomes dashboard counts the new answer (its chart and its table change)."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_intake_consent_journey import sign_in

pytestmark = pytest.mark.browser
GROUP = "Skin ageing and skin quality"


def very_satisfied(page: Page, base: str) -> int:
    """The dashboard's count of "very satisfied" courses in the skin rejuvenation group."""
    page.goto(f"{base}/outcomes/")
    expect(page.get_by_role("heading", name="Outcomes", exact=True)).to_be_visible()
    group = page.locator("section.outcome-group").filter(
        has=page.get_by_role("heading", name=GROUP, exact=True)
    )
    if group.count() == 0:
        return 0
    cell = group.locator('td[data-level="very_satisfied"]').first
    return int(cell.inner_text().split()[0]) if cell.count() else 0


def test_a_patient_answers_in_german_and_the_dashboard_counts_it(
    page: Page, browser: Browser, live_server_url: str, artifacts: Path
) -> None:
    base = live_server_url
    today = timezone.localdate().isoformat()
    family = f"Ergebnis{secrets.token_hex(3)}"
    sign_in(page, base, "bellecour-clinician")
    before = very_satisfied(page, base)

    page.goto(f"{base}/patients/new/")
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Given name").fill("Greta")
    page.get_by_label("Date of birth").fill("1979-03-08")
    page.get_by_label("Preferred language").select_option("de")
    page.get_by_role("button", name="Register").click()
    page.goto(f"{page.url.rstrip('/')}/history/")
    page.get_by_role("button", name="Save history").click()
    expect(page.get_by_text("History saved; the screening below uses it.")).to_be_visible()
    page.get_by_role("link", name="Start a course").click()
    page.get_by_label("Indication").select_option("skin_rejuvenation")
    page.get_by_label("Protocol").select_option("skin_regeneration_8")
    page.get_by_label("First session").fill(today)
    page.get_by_role("button", name="Create the course").click()
    expect(page.get_by_text("Course created with 8 planned sessions.")).to_be_visible()

    page.get_by_role("link", name="Open the course's outcomes").click()
    expect(page.get_by_role("heading", name="What is due")).to_be_visible()
    page.get_by_role("button", name="Make the patient's questionnaire link (End of course)").click()
    url = page.locator("#outcome-link").get_attribute("href")
    assert url

    # The patient, on their own device: no session, no sign-in.
    patient = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        form = patient.new_page()
        form.goto(url)
        expect(form.get_by_role("heading", name="Wie hat Ihre Behandlung gewirkt?")).to_be_visible()
        form.get_by_label("Sehr zufrieden").check()
        form.get_by_label("2 – Stark verbessert").check()
        form.screenshot(path=str(artifacts / "questionnaire-de.png"), full_page=True)
        form.get_by_role("button", name="Senden").click()
        expect(form.get_by_text("Vielen Dank. Ihre Antworten wurden an die Praxis gesendet.")).to_be_visible()
        form.goto(url)
        expect(form.get_by_text("Dieser Link ist abgelaufen oder wurde bereits verwendet.")).to_be_visible()
    finally:
        patient.close()

    assert very_satisfied(page, base) == before + 1
    page.screenshot(path=str(artifacts / "outcomes-dashboard.png"), full_page=True)
