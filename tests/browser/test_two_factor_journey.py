"""Two-factor sign-in in a real browser: a new clinic administrator is made to set up an
authenticator app (the test plays the app: it computes the code from the secret shown on the
page), signs out and in again with a code; the demo's administrator signs in with the demo's
printed secret. The calendar (FullCalendar) and the API docs (Swagger UI) still work under the
Content-Security-Policy, which the browser would report on the console if it refused anything."""

from __future__ import annotations

import subprocess
from base64 import b32decode
from collections.abc import Iterator

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from mesodesk.demo.clinics import DEMO_PASSWORD, DEMO_TOTP_KEY
from tests.browser.conftest import totp_code
from tests.live import MESODESK

pytestmark = pytest.mark.browser

NEW_ADMIN = "journey-admin"
_CREATE_ADMIN = f"""
from django.contrib.auth import get_user_model
from mesodesk.accounts.models import Clinic, Membership
user, _ = get_user_model().objects.get_or_create(username="{NEW_ADMIN}")
user.set_password("{DEMO_PASSWORD}")
user.save()
Membership.objects.get_or_create(user=user, clinic=Clinic.objects.get(slug="bellecour"), role="clinic_admin")
"""


@pytest.fixture
def new_admin(live_env: dict[str, str]) -> str:
    subprocess.run([MESODESK, "manage", "shell", "-c", _CREATE_ADMIN], env=live_env, check=True, timeout=120)
    return NEW_ADMIN


@pytest.fixture
def csp_reports(page: Page) -> Iterator[list[str]]:
    """What Chromium refused under the Content-Security-Policy, as it says on the console."""
    refused: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", listen)
    yield refused


def password_step(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_new_clinic_admin_sets_up_two_factor_then_signs_in_with_a_code(
    page: Page, live_server_url: str, new_admin: str, csp_reports: list[str]
) -> None:
    password_step(page, live_server_url, new_admin)
    expect(page).to_have_url(f"{live_server_url}/account/two-factor/setup/")
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    page.goto(f"{live_server_url}/patients/")  # nothing else opens before the set-up
    expect(page).to_have_url(f"{live_server_url}/account/two-factor/setup/")

    key = b32decode(page.locator("#totp-secret").inner_text().replace(" ", ""))
    page.get_by_label("Code", exact=True).fill(totp_code(key))
    page.get_by_role("button", name="Confirm and turn on").click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Done, go on").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    password_step(page, live_server_url, new_admin)
    expect(page.get_by_role("heading", name="Sign-in code")).to_be_visible()
    page.get_by_label("Code", exact=True).fill(totp_code(key, steps_ahead=1))  # the first code is spent
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert csp_reports == []


def test_the_demo_admin_signs_in_with_the_printed_secret(page: Page, live_server_url: str) -> None:
    password_step(page, live_server_url, "confluence-clinic-admin")
    page.get_by_label("Code", exact=True).fill(totp_code(bytes.fromhex(DEMO_TOTP_KEY)))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Administration")).to_be_visible()


def test_the_calendar_and_the_api_docs_work_under_the_policy(
    page: Page, live_server_url: str, csp_reports: list[str]
) -> None:
    password_step(page, live_server_url, "bellecour-clinician")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.goto(f"{live_server_url}/calendar/")
    expect(page.locator(".fc-timegrid, .fc-daygrid").first).to_be_visible()
    # FullCalendar's own style sheet applied: its toolbar is laid out as a flex row.
    assert page.locator(".fc-header-toolbar").evaluate("e => getComputedStyle(e).display") == "flex"
    page.goto(f"{live_server_url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()
    assert csp_reports == []
