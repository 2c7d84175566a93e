"""Issue 14's set-up journey: the clinic's administrator, reading French, adds the clinic's own
clinician-rated scale and sets it due at the end of course for a protocol; a clinician then
opens the record of that course's last session and sees the scale due there."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_intake_consent_journey import sign_in

pytestmark = pytest.mark.browser
PROTOCOL = "skin_regeneration_8"


def sign_consent(page: Page, base: str, pseudonym: str, name: str) -> None:
    page.goto(f"{base}/patients/{pseudonym}/consents/new/?indication=skin_rejuvenation")
    page.get_by_label("Photos for the clinical record only").check()
    page.get_by_label("Patient's full name").fill(name)
    page.get_by_label("I sign by typing my full name above, instead of drawing").check()
    page.get_by_role("button", name="Sign the consent").click()
    expect(page.get_by_text("signed and stored as PDF")).to_be_visible()


def test_the_admin_adds_a_scale_in_french_and_the_clinician_sees_it_due(
    page: Page, browser: Browser, live_server_url: str, artifacts: Path
) -> None:
    base = live_server_url
    tag = secrets.token_hex(3)
    code, name_fr, name_en = f"prurit-{tag}", f"Prurit {tag}", f"Itch {tag}"

    # The administrator, in French.
    sign_in(page, base, "bellecour-clinic-admin")
    page.locator("#language-switch").select_option("fr")
    page.get_by_role("button", name="Change language").click()
    page.goto(f"{base}/outcomes/")
    page.get_by_role("link", name="Les échelles de résultats de la clinique").click()
    page.get_by_role("link", name="Ajouter une échelle").click()
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_label("Nom en anglais").fill(name_en)
    page.get_by_label("Nom en français").fill(name_fr)
    page.get_by_label("Nom en allemand").fill(f"Juckreiz {tag}")
    page.get_by_label("Évalué par").select_option("clinician")
    page.get_by_label("Type", exact=True).select_option("categorical")
    page.get_by_label("Ordre des choix").select_option("lower")
    # First an empty choice list: the error names the field, nothing is saved.
    page.get_by_role("button", name="Enregistrer l’échelle").click()
    expect(page.get_by_role("alert")).to_contain_text("Choix")
    page.get_by_label("Choix", exact=True).fill(
        "aucun | None | Aucun | Kein\nleger | Mild | Léger | Leicht\nfort | Severe | Fort | Stark"
    )
    page.get_by_role("button", name="Enregistrer l’échelle").click()
    row = page.locator("table.instruments tr").filter(has_text=name_fr)
    expect(row).to_contain_text("Catégories ordonnées")
    page.screenshot(path=str(artifacts / "scales-fr.png"), full_page=True)

    page.get_by_role("link", name="Quand chaque échelle est due, par protocole").click()
    page.goto(f"{base}/outcomes/schedules/{PROTOCOL}/")
    scale = page.locator("fieldset").filter(has=page.get_by_text(name_fr, exact=True))
    scale.get_by_label("Fin du traitement").check()
    page.get_by_role("button", name="Enregistrer le calendrier").click()
    expect(page.locator("table.schedules")).to_contain_text(f"{name_fr}: Fin du traitement")

    # A clinician, on another device, in English: a course of that protocol, its last session.
    clinician = browser.new_context(viewport={"width": 1024, "height": 1366})  # a tablet
    try:
        work = clinician.new_page()
        sign_in(work, base, "bellecour-clinician-2")
        family = f"Echelle{tag}"
        work.goto(f"{base}/patients/new/")
        work.get_by_label("Family name").fill(family)
        work.get_by_label("Given name").fill("Iris")
        work.get_by_label("Date of birth").fill("1980-05-06")
        work.get_by_role("button", name="Register").click()
        pseudonym = work.url.rstrip("/").split("/")[-1]
        work.goto(f"{base}/patients/{pseudonym}/history/")
        work.get_by_role("button", name="Save history").click()
        expect(work.get_by_text("History saved; the screening below uses it.")).to_be_visible()
        work.get_by_role("link", name="Start a course").click()
        work.get_by_label("Indication").select_option("skin_rejuvenation")
        work.get_by_label("Protocol").select_option(PROTOCOL)
        work.get_by_label("First session").fill(timezone.localdate().isoformat())
        work.get_by_role("button", name="Create the course").click()
        expect(work.get_by_text("Course created with 8 planned sessions.")).to_be_visible()
        course_url = work.url
        sign_consent(work, base, pseudonym, f"Iris {family}")

        # The last session, booked today (early: outside its window, which only warns).
        work.goto(course_url)
        work.locator("#session-8").get_by_role("link", name="Book").click()
        work.get_by_label("Day").fill(timezone.localdate().isoformat())
        work.get_by_label("Time").fill("07:05")
        work.get_by_role("button", name="Book").click()
        expect(work.locator(".messages").get_by_text("Booked")).to_be_visible()
        today = timezone.localdate().isoformat()
        listed: list[dict[str, Any]] = work.request.get(
            f"{base}/api/v1/appointments?start={today}&days=1"
        ).json()
        found = [a for a in listed if a["patient"] == pseudonym and a["kind"] == "mesotherapy"]
        (appointment,) = found

        work.goto(f"{base}/charting/appointments/{appointment['id']}/")
        work.get_by_role("button", name="Open the session record").click()
        due = work.locator(".outcome-ratings")
        expect(due).to_contain_text("Outcome ratings due at this session")
        expect(due).to_contain_text(name_en)
        work.screenshot(path=str(artifacts / "session-record-scale-due.png"), full_page=True)
    finally:
        clinician.close()
