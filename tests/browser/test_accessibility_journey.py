"""WCAG 2.2 AA for what a person touches, with a keyboard and axe-core (the conftest audits
every page loaded; these journeys also check states a load does not show)."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_intake_consent_journey import sign_in

pytestmark = pytest.mark.browser


def _register(page: Page, base: str, family: str) -> str:
    page.goto(f"{base}/patients/new/")
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Given name").fill("Inès")
    page.get_by_label("Date of birth").fill("1981-04-09")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name=f"{family.upper()} Inès")).to_be_visible()
    return page.url


def test_a_failed_submit_focuses_and_announces_the_errors(page: Page, live_server_url: str) -> None:
    sign_in(page, live_server_url, "bellecour-assistant")
    page.goto(f"{live_server_url}/patients/new/")
    page.get_by_label("Date of birth").fill("2999-01-01")
    page.get_by_role("button", name="Register").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Family name: This field is required.")
    expect(summary).to_be_focused()
    # Every aria-describedby names an element that exists.
    missing = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(el =>
            el.getAttribute('aria-describedby').split(/\\s+/).filter(id => !document.getElementById(id)))"""
    )
    assert missing == []
    assert_accessible(page)


def test_the_focus_ring_has_three_to_one_contrast(page: Page, live_server_url: str) -> None:
    page.goto(f"{live_server_url}/sign-in/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    colour = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    rgb = [int(c) for c in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]

    def luminance(channels: list[int]) -> float:
        linear = [(c / 255) / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    contrast = (1.05) / (luminance(rgb) + 0.05)  # against the white page
    assert contrast >= 3, (colour, contrast)


def test_screening_runs_on_an_explicit_choice_and_its_verdict_is_live(
    page: Page, live_server_url: str
) -> None:
    sign_in(page, live_server_url, "bellecour-clinician")
    _register(page, live_server_url, f"Screen{secrets.token_hex(3)}")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "indication=" in r.url else None)
    # The screening's own (the page's documents form also asks for an indication).
    select = page.locator("#screening").get_by_label("Indication")
    select.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert requests == []  # moving through the choices screens nothing
    page.get_by_role("button", name="Screen").click()
    expect(page.locator("#screening-result .verdict")).to_be_visible()
    assert page.locator("#screening-result").get_attribute("aria-live") == "polite"
    assert_accessible(page)


def test_the_consent_is_signed_with_the_keyboard_alone(page: Page, live_server_url: str) -> None:
    sign_in(page, live_server_url, "bellecour-clinician")
    family = f"Keys{secrets.token_hex(3)}"
    patient_url = _register(page, live_server_url, family)
    page.goto(f"{patient_url}consents/new/?indication=hair_loss")
    page.get_by_label("Photos for the clinical record only").focus()
    page.keyboard.press("Space")
    page.get_by_label("Patient's full name").focus()
    page.keyboard.type(f"Inès {family}")
    page.get_by_label("I sign by typing my full name above").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Sign the consent").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("signed and stored as PDF")).to_be_visible()
    assert_accessible(page)


def test_the_idle_sign_out_warns_a_minute_before_and_keeps_what_was_typed(
    page: Page, live_server_url: str
) -> None:
    page.clock.install()
    sign_in(page, live_server_url, "bellecour-clinician")
    patient_url = _register(page, live_server_url, f"Idle{secrets.token_hex(3)}")
    page.goto(f"{patient_url}history/")
    page.get_by_label("What would you like to achieve?").fill("Half-typed answer about the goals")
    page.clock.fast_forward("13:05")  # of 15 minutes without a request
    dialog = page.get_by_role("dialog", name="Still there?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    # Left alone, the page keeps what was typed through the sign-out and back.
    page.clock.fast_forward("14:05")
    page.wait_for_load_state()
    expect(page.get_by_label("What would you like to achieve?")).to_have_value(
        "Half-typed answer about the goals"
    )
