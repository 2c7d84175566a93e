"""Issue 15's paged calendar list and bounded dashboard, walked in French at tablet width: a
clinician of a busy clinic reads a colleague's day as one summary line on the dashboard,
follows it to that colleague's day in the calendar, pages through its list (the refusals the
line counted are there, each saying it is one), moves an appointment from the second page and
lands back on it, and clicks on the grid an appointment listed on another page.

The clinic is the test's own (a new one in the demo's network, with two clinicians and sixty
appointments today), so the other journeys' dashboards and weeks are not touched."""

from __future__ import annotations

import re
import secrets
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.test_intake_consent_journey import sign_in
from tests.live import MESODESK

pytestmark = pytest.mark.browser

_BUSY_CLINIC = """
import datetime
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django_scopes import scopes_disabled
from mesodesk.accounts.models import Clinic, Membership, Network
from mesodesk.demo.clinics import DEMO_PASSWORD
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Appointment

WARNING = {{"code": "consent_missing", "level": "warning", "message": "Consent missing."}}
BLOCKED = {{"code": "screening_contraindicated", "level": "blocked", "message": "Screening blocks it."}}
today = timezone.localdate()
with scopes_disabled():
    clinic = Clinic.objects.create(network=Network.objects.get(name="Réseau démo"), slug="{slug}", name="{slug}")
    users = get_user_model().objects
    reader = users.create(username="{slug}-reader", first_name="Rose", last_name="Lecteur",
                          password=make_password(DEMO_PASSWORD))
    busy = users.create(username="{slug}-busy", first_name="Hugo", last_name="Chargé")
    for user in (reader, busy):
        Membership.objects.create(user=user, clinic=clinic, role="clinician")
    for n in range(60):  # ten-minute appointments from 08:00; every fifth with a finding
        start = timezone.make_aware(datetime.datetime.combine(today, datetime.time(8))) + datetime.timedelta(minutes=10 * n)
        patient = Patient.objects.create(clinic=clinic, family_name=f"Charge{{n:02d}}", given_name="Léa",
                                         date_of_birth=datetime.date(1980, 5, 17))
        Appointment.objects.create(
            clinic=clinic, patient=patient, clinician=busy, kind="iontophoresis", created_by="journey",
            start=start, end=start + datetime.timedelta(minutes=10),
            gates=[WARNING, BLOCKED] if n % 10 == 0 else [WARNING] if n % 10 == 5 else [],
        )
print(busy.pk)
"""


def showing(clinician: str, anchor: str = "") -> re.Pattern[str]:
    """The calendar's day view for this clinician (its parameters in any order), at `anchor`."""
    return re.compile(rf"^(?=.*[?&]view=day)(?=.*[?&]clinician={clinician}\b)[^#]*{anchor}$")


def rows(page: Page) -> Locator:
    return page.locator("#agenda .appointment")


def test_a_summary_line_leads_to_the_colleagues_day_and_its_list_pages_in_french(
    page: Page, live_server_url: str, live_env: dict[str, str], artifacts: Path
) -> None:
    base, slug = live_server_url, f"walk{secrets.token_hex(3)}"
    made = subprocess.run(
        [MESODESK, "manage", "shell", "-c", _BUSY_CLINIC.format(slug=slug)],
        env=live_env, check=True, timeout=120, capture_output=True, text=True,
    )  # fmt: skip
    busy = made.stdout.strip().splitlines()[-1]
    sign_in(page, base, f"{slug}-reader")
    page.locator("#language-switch").select_option("fr")
    page.get_by_role("button", name="Change language").click()

    # The colleague's sixty appointments are past what the dashboard lists: one line of counts.
    line = page.locator("#appointments p.summary")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("60 rendez-vous · 6 refusés · 12 avertissements")
    page.screenshot(path=str(artifacts / "1-tableau-de-bord.png"), full_page=True)
    line.get_by_role("link", name="Voir ce jour dans l'agenda").click()

    # That colleague's day, filtered to them and named as the dashboard names them.
    expect(page).to_have_url(showing(busy))
    expect(page.locator("#clinician option:checked")).to_have_text("Hugo Chargé")
    agenda = page.locator("#agenda")
    agenda.get_by_text("Liste : déplacer ou annuler avec un formulaire").click()
    expect(rows(page)).to_have_count(50)
    expect(agenda.get_by_role("link", name="Rendez-vous précédents")).to_have_count(0)  # the first page
    # One day on the page: it takes the list's width, not a seventh of it.
    day, whole = agenda.locator("section.day").bounding_box(), agenda.bounding_box()
    assert day and whole and day["width"] > 0.8 * whole["width"]
    refused_first = agenda.locator(".pill.sev-absolute").filter(has_text="Refusé :").count()

    agenda.get_by_role("link", name="Rendez-vous suivants").click()
    # The second page, opened and shown (not the top of the page, the grid above it).
    expect(page).to_have_url(showing(busy, "#agenda"))
    expect(rows(page)).to_have_count(10)
    expect(agenda.get_by_role("heading", level=2)).to_contain_text("(suite des rendez-vous précédents)")
    expect(agenda.get_by_role("link", name="Rendez-vous suivants")).to_have_count(0)  # the last page
    expect(agenda.get_by_role("link", name="Rendez-vous précédents")).to_have_count(1)
    expect(agenda.locator("summary").first).to_be_in_viewport()
    expect(agenda.locator("summary").first).to_be_focused()
    refused_second = agenda.locator(".pill.sev-absolute").filter(has_text="Refusé :").count()
    assert refused_first + refused_second == 6  # as the summary line counted them
    page.screenshot(path=str(artifacts / "2-page-suivante.png"), full_page=True)

    # A move from the second page lands back on this day, filtered, the row shown.
    last = rows(page).last
    moved = last.get_attribute("id") or ""
    last.get_by_text("Déplacer ou annuler").click()
    last.get_by_label("Heure", exact=True).fill("18:30")
    last.get_by_role("button", name="Déplacer", exact=True).click()
    expect(page).to_have_url(showing(busy, f"#{moved}"))
    expect(page.locator(f"#{moved}")).to_be_in_viewport()
    expect(rows(page).first).to_have_id(moved)

    # On the grid, an appointment of the first page: its page opens at its row.
    first_id = "appointment-" + (
        page.locator("#calendar .fc-event").first.get_attribute("data-appointment") or ""
    )
    expect(page.locator(f"#{first_id}")).to_have_count(0)
    page.locator("#calendar .fc-event").first.click()
    expect(page.locator(f"#{first_id}")).to_be_in_viewport()
    # Today's: its start button takes the focus, as from a click on a row of the same page.
    expect(page.locator(f"#{first_id}").get_by_role("button", name="Commencer la séance")).to_be_focused()
    page.screenshot(path=str(artifacts / "3-clic-sur-la-grille.png"), full_page=True)

    # A cancel (confirmed in the browser's dialog) comes back to this day's list, shown.
    following = rows(page).nth(1).get_attribute("id") or ""
    page.once("dialog", lambda dialog: dialog.accept())
    row = page.locator(f"#{first_id}")
    row.get_by_text("Déplacer ou annuler").click()
    row.get_by_role("button", name="Annuler le rendez-vous").click()
    expect(page).to_have_url(showing(busy, "#agenda"))
    expect(page.get_by_text("Rendez-vous annulé.")).to_be_visible()
    expect(rows(page).first).to_have_id(following)
    expect(page.locator("#agenda summary").first).to_be_in_viewport()
