"""Issue 13's journey in a real browser: a French after-care handout printed from the patient page."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_intake_consent_journey import sign_in

pytestmark = pytest.mark.browser


def test_print_a_french_after_care_handout_from_the_patient_page(
    page: Page, live_server_url: str, artifacts: Path
) -> None:
    base = live_server_url
    family = f"Handout{secrets.token_hex(3)}"
    sign_in(page, base, "bellecour-assistant")
    page.goto(f"{base}/patients/new/")
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Given name").fill("Léa")
    page.get_by_label("Date of birth").fill("1979-02-14")
    page.get_by_label("Preferred language").select_option("fr")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name=f"{family.upper()} Léa")).to_be_visible()

    documents = page.locator("#documents")
    expect(documents).to_contain_text("Made in the patient's language: French.")
    documents.get_by_label("Handout").select_option("after_care")
    documents.get_by_label("Indication").select_option("cellulite")
    documents.get_by_label("Technique").select_option("point_by_point")
    documents.get_by_label("Session (date and time)").fill("2026-11-24T14:30")
    documents.locator("#handout-form").get_by_role("button", name="Show to print").click()

    # The handout, in French whatever the staff's language, under the clinic's letterhead.
    expect(page.get_by_role("heading", name="Après votre séance")).to_be_visible()
    letterhead = page.locator("header.letterhead")
    expect(letterhead).to_contain_text("Clinique Bellecour")
    expect(letterhead).to_contain_text("12 place Bellecour")
    expect(letterhead.get_by_role("img", name="Logo de Clinique Bellecour")).to_be_visible()
    expect(page.get_by_text("Ni bain ni douche pendant les 12 heures")).to_be_visible()
    expect(page.get_by_text("Pour vous : jusqu’au mercredi 25 novembre 2026, 02:30.")).to_be_visible()
    expect(page.get_by_text(re.compile(f"{family.upper()} Léa"))).to_be_visible()
    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts / "after-care-fr.png"), full_page=True)
    letterhead.screenshot(path=str(artifacts / "letterhead.png"))
    assert (artifacts / "letterhead.png").stat().st_size > 1000, "the header was drawn"
    page.emulate_media(media="screen")

    # Back on the patient page (the whole document page is the patient's, in French), the copy
    # is listed with its version and language.
    page.get_by_role("link", name="Retour au patient").click()
    listed = page.locator("#document-list li").first
    expect(listed).to_contain_text("After-care handout")
    expect(listed).to_contain_text("version 1, French")
    pdf = page.context.request.get(base + listed.get_by_role("link").get_attribute("href"))  # type: ignore[operator]
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    (artifacts / "after-care-fr.pdf").write_bytes(pdf.body())
