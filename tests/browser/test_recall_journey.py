"""Issue 11's journey, end to end: a clinician receives a lot, charts it in a signed session for
two patients, reports an infection after each, sees the safety signal (two infections sharing
the lot) on the dashboard, opens the lot's recall list and downloads the patients' letters:
one letter each, in each patient's own language (one French, one German)."""

from __future__ import annotations

import io
import re
import secrets
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from mesodesk.demo.clinics import DEMO_PASSWORD
from tests.browser.test_charting_journey import click_map, clinic_today, receive_a_lot
from tests.browser.test_intake_consent_journey import sign_in

pytestmark = pytest.mark.browser

CLINICIAN = "bellecour-clinician"
GREETING = {"fr": "Bonjour", "de": "Guten Tag"}  # recall/letter.html's first line, translated


def sessions_today(page: Page, base: str) -> list[dict[str, Any]]:
    """The demo's mesotherapy appointments today for the clinician, one per patient, each the
    booking of a course session; the charting journey signs the last one, so it is left out."""
    answer = page.request.get(f"{base}/api/v1/appointments?start={clinic_today().isoformat()}&days=1")
    found = [
        a for a in answer.json()
        if a["clinician"] == CLINICIAN and a["kind"] == "mesotherapy" and not a["cancelled"]
        and a["session"] is not None and not a["blocked"]
    ][:-1]  # fmt: skip
    return list({a["patient"]: a for a in found}.values())


def prefer_language(page: Page, base: str, patient: str, language: str) -> dict[str, Any]:
    """Set the patient's language through the API (the browser's session and CSRF token)."""
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    answer = page.request.patch(
        f"{base}/api/v1/patients/{patient}",
        data={"preferred_language": language},
        headers={"X-CSRFToken": csrf, "Referer": f"{base}/"},
    )
    assert answer.ok, answer.text()
    result: dict[str, Any] = answer.json()
    return result


def chart_and_sign(page: Page, base: str, appointment: int, number: str) -> bool:
    """Chart one papule from lot `number` and sign; False if the record was signed already or
    the chart check blocks it for this patient (the draft is left as it is)."""
    page.goto(f"{base}/charting/appointments/{appointment}/")
    open_button = page.get_by_role("button", name="Open the session record")
    if open_button.count():
        open_button.click()
    expect(page.get_by_role("heading", name="Session record", exact=False).first).to_be_visible()
    if page.locator("#record-status").filter(has_text="Signed and locked").count():
        return False
    for label in ("Screening still current", "Consent in force", "Pre-care followed",
                  "Previous bruising resolved", "Gloves worn"):  # fmt: skip
        page.get_by_label(label).check()
    page.locator("select[name=details-disinfectant]").select_option("chlorhexidine")
    page.locator("form[action$='/details/'] button[type=submit]").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    option = page.locator("select[name=syringe-lot_1] option", has_text=number).inner_text()
    page.locator("select[name=syringe-lot_1]").select_option(label=option)
    page.locator("input[name=syringe-volume_1]").fill("2")
    page.get_by_role("button", name="Add the syringe").click()
    expect(page.get_by_text("Syringe charted.")).to_be_visible()
    click_map(page, 35, 16)  # the forehead, left of the midline
    expect(page.get_by_text("Point added.")).to_be_visible()
    if page.get_by_text("Blocks signing").count():  # this patient's allergy to an ingredient, say
        return False
    page.get_by_label("Your password, to sign").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign the session").click()
    expect(page.locator("#record-status")).to_contain_text("Signed and locked")
    return True


def report_infection(page: Page, base: str, session: int, product: str, number: str) -> None:
    page.goto(f"{base}/safety/sessions/{session}/report/")
    page.get_by_label("Type").select_option("infection")
    page.get_by_label("Onset").fill(clinic_today().isoformat())
    page.get_by_label("Severity").select_option("moderate")
    page.get_by_label("Lots injected at the session").select_option(label=f"{product}, lot {number}")
    page.get_by_role("button", name="Record the adverse event").click()
    expect(page.get_by_text("Adverse event recorded.")).to_be_visible()


def test_a_lot_charted_for_two_patients_who_both_get_infected_is_recalled_with_letters(
    page: Page, live_server_url: str, artifacts: Path
) -> None:
    base = live_server_url
    number = f"RCL-{secrets.token_hex(3).upper()}"
    product = f"MesoLift {number}"
    sign_in(page, base, CLINICIAN)
    lot_url = receive_a_lot(page, base, product, number)

    patients: list[dict[str, Any]] = []
    for appointment in sessions_today(page, base):
        if chart_and_sign(page, base, appointment["id"], number):
            language = "fr" if not patients else "de"
            patients.append({**prefer_language(page, base, appointment["patient"], language), **appointment})
        if len(patients) == 2:
            break
    assert len(patients) == 2, "the demo books several sessions a day for the clinician"
    for patient in patients:
        report_infection(page, base, patient["session"], product, number)

    page.goto(f"{base}/")
    alert = page.locator("#alerts li").filter(has_text="sharing the same lot").first
    expect(alert).to_contain_text("Safety signal")
    alert.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Safety signal")).to_be_visible()
    for patient in patients:
        expect(page.get_by_text(patient["family_name"].upper()).first).to_be_visible()

    page.goto(lot_url)
    page.get_by_role("link", name="Who received this lot (recall)").click()
    expect(page.get_by_text("2 patients received it in signed sessions.")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(2)
    page.screenshot(path=str(artifacts / "recall.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the patient letters (PDF)").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    (artifacts / "letters.txt").write_text(text)
    for patient in patients:
        greeting = (
            f"{GREETING[patient['preferred_language']]} {patient['given_name']} {patient['family_name']},"
        )
        assert greeting in text
    assert text.count(number) >= 2  # each letter names the lot
