"""Issue 4's journey in a real browser: register, intake by link, caution acknowledged, consent signed."""

from __future__ import annotations

import io
import secrets
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from mesodesk.demo.clinics import DEMO_PASSWORD, DEMO_TOTP_KEY
from tests.browser.conftest import totp_code

pytestmark = pytest.mark.browser


def sign_in(page: Page, base: str, username: str) -> None:
    """The password, then, for the roles that need one (administrators, analysts), the code
    of the demo's authenticator secret (the next one if this one was spent moments ago, and
    the one after the next window if both were)."""
    page.goto(f"{base}/sign-in/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    dashboard = page.get_by_role("heading", name="Dashboard")
    code = page.get_by_label("Code", exact=True)
    expect(dashboard.or_(code)).to_be_visible()
    for attempt, steps_ahead in enumerate((0, 1, 1)):
        if not code.is_visible():
            break
        if attempt == 2:
            # Another journey spent this window's code and the next one moments ago (a code is
            # taken once): wait for the next window, whose next code none has spent.
            time.sleep(max(31 - time.time() % 30, 3))  # and past the 2 s throttle
        code.fill(totp_code(bytes.fromhex(DEMO_TOTP_KEY), steps_ahead))
        page.get_by_role("button", name="Sign in").click()
        expect(dashboard.or_(code)).to_be_visible()
    expect(dashboard).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()


def test_register_intake_acknowledge_and_sign_consent(
    page: Page, live_server_url: str, artifacts: Path
) -> None:
    base = live_server_url
    family = f"Journey{secrets.token_hex(3)}"

    # The assistant registers the patient and makes an intake link.
    sign_in(page, base, "bellecour-assistant")
    page.goto(f"{base}/patients/new/")
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Given name").fill("Élodie")
    page.get_by_label("Date of birth").fill("1984-07-21")
    page.get_by_label("Sex").select_option("female")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name=f"{family.upper()} Élodie")).to_be_visible()
    page.get_by_role("button", name="Create an intake link").click()
    link = page.locator("#intake-link").get_attribute("href")
    assert link and "/intake/" in link
    sign_out(page)

    # The patient fills in the intake on the link, with no sign-in.
    page.goto(link)
    page.get_by_label("Do you often get cold sores (herpes)?").check()
    page.get_by_label("If you are losing hair: how many months ago did it start?").fill("8")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Your answers have been sent to your clinician.")).to_be_visible()

    # The clinician sees the caution with its source and acknowledges it.
    sign_in(page, base, "bellecour-clinician")
    page.goto(f"{base}/patients/?q={family}")
    page.get_by_role("link", name="P-").first.click()
    page.locator("#screening").get_by_label("Indication").select_option("hair_loss")
    page.get_by_role("button", name="Screen").click()  # an explicit choice, not every arrow key
    finding = page.locator("li.finding[data-code='herpes_tendency']")
    expect(finding).to_contain_text("relative")
    expect(finding.get_by_role("link", name="003")).to_be_visible()
    expect(page.get_by_text("a relative finding awaits a clinician's acknowledgement")).to_be_visible()
    expect(finding).to_contain_text("Tendency to herpes")  # by its name, not its code
    finding.get_by_label("Reason for going ahead despite: Tendency to herpes").fill(
        "Aciclovir prophylaxis prescribed before each session"
    )
    finding.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Acknowledged by Camille Roux: Aciclovir prophylaxis")).to_be_visible()  # by name
    page.screenshot(path=str(artifacts / "screening.png"), full_page=True)

    # The patient signs the consent on the tablet.
    page.get_by_role("link", name="Sign a consent").click()
    page.get_by_label("Photos for the clinical record only").check()
    page.get_by_label("Patient's full name").fill(f"Élodie {family}")
    pad = page.locator("#signature-pad")
    pad.scroll_into_view_if_needed()  # the mouse draws only inside the viewport
    box = pad.bounding_box()
    assert box
    page.mouse.move(box["x"] + 30, box["y"] + 120)
    page.mouse.down()
    for x, y in ((90, 40), (160, 130), (240, 50), (320, 110), (400, 60)):
        page.mouse.move(box["x"] + x, box["y"] + y, steps=5)
    page.mouse.up()
    page.get_by_role("button", name="Sign the consent").click()
    expect(page.get_by_text("signed and stored as PDF")).to_be_visible()
    page.screenshot(path=str(artifacts / "patient-after-consent.png"), full_page=True)

    # The PDF is there, and its text holds the patient's name and the consent version.
    pdf_link = page.locator("#consents a[href$='.pdf']").first
    expect(pdf_link).to_contain_text("Hair loss")  # the indication by its name
    version = pdf_link.get_attribute("data-version")
    assert version and version.startswith("hair_loss-en-v")
    pdf = page.context.request.get(base + pdf_link.get_attribute("href"))  # type: ignore[operator]
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    (artifacts / "consent.pdf").write_bytes(pdf.body())
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    # The version by a readable label, never by its code (issue 9: no raw code shown).
    number = version.rsplit("-v", 1)[1]
    assert f"{family.upper()} Élodie" in text and f"version {number}" in text and version not in text
