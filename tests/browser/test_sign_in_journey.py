from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from mesodesk.demo.clinics import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_a_clinician_signs_in_sees_the_dashboard_and_signs_out(
    page: Page, live_server_url: str, artifacts: Path
) -> None:
    page.goto(f"{live_server_url}/")
    expect(page).to_have_url(f"{live_server_url}/sign-in/?next=/")
    page.get_by_label("User name").fill("bellecour-clinician")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_text("Clinique Bellecour").first).to_be_visible()
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Patients")).to_be_visible()
    expect(navigation.get_by_role("link", name="Administration")).to_have_count(0)
    page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    page.goto(f"{live_server_url}/patients/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_wrong_password_shows_an_error_next_to_the_form(page: Page, live_server_url: str) -> None:
    page.goto(f"{live_server_url}/sign-in/")
    page.get_by_label("User name").fill("bellecour-clinician")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")


def test_the_knowledge_pages_draw_their_pictures(page: Page, live_server_url: str, artifacts: Path) -> None:
    page.goto(f"{live_server_url}/sign-in/")
    page.get_by_label("User name").fill("bellecour-clinician")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server_url}/knowledge/techniques/")
    picture = page.get_by_role("img", name="Skin layers by depth")
    expect(picture).to_be_visible()
    assert picture.bounding_box()["height"] > 200  # type: ignore[index]
    page.screenshot(path=str(artifacts / "techniques.png"), full_page=True)


def test_choosing_deutsch_in_the_language_switch_turns_the_dashboard_german(
    page: Page, live_server_url: str
) -> None:
    page.goto(f"{live_server_url}/sign-in/")
    page.get_by_label("User name").fill("bellecour-clinician")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Change language").click()

    expect(page.get_by_role("heading", name="Übersicht")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    navigation = page.get_by_role("navigation", name="Hauptmenü")
    expect(navigation.get_by_role("link", name="Patienten")).to_be_visible()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
