"""What was typed is kept in the tab only for its person's return after an idle sign-out:
a submitted form and a sign-out leave no draft behind in sessionStorage."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility_journey import _register
from tests.browser.test_intake_consent_journey import sign_in, sign_out

pytestmark = pytest.mark.browser

DRAFTS = "Object.keys(sessionStorage).filter(k => k.startsWith('mesodesk-draft:'))"
PLANT = """([key, person]) => sessionStorage.setItem(key, JSON.stringify(
  {person: person, values: [["goals", "typed before the idle sign-out", null]]}))"""


def test_a_submit_and_a_sign_out_clear_the_drafts(page: Page, live_server_url: str) -> None:
    sign_in(page, live_server_url, "bellecour-clinician")
    patient_url = _register(page, live_server_url, f"Draft{secrets.token_hex(3)}")
    page.goto(f"{patient_url}history/")
    person = page.evaluate("document.body.dataset.person")
    here = page.evaluate("'mesodesk-draft:' + location.pathname + location.search")
    # As the idle sign-out leaves it, while the form is still on the page.
    page.evaluate(PLANT, [here, person])
    page.get_by_label("What would you like to achieve?").fill("Smoother skin")
    page.get_by_role("button", name="Save history").click()
    expect(page.get_by_text("Smoother skin")).to_be_visible()
    assert page.evaluate(DRAFTS) == []
    # Another page's draft stays for its person... until they sign out.
    page.evaluate(PLANT, ["mesodesk-draft:/patients/new/", person])
    page.reload()
    assert page.evaluate(DRAFTS) == ["mesodesk-draft:/patients/new/"]
    sign_out(page)
    assert page.evaluate(DRAFTS) == []
