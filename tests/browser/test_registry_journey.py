"""The network analyst's registry in a real browser: the demo's analyst signs in (password
and authenticator code), opens the network registry from the navigation, and finds the
year's report; a score recorded in the test (a scale of the test's own, answered today by a
patient of the network) then appears in the report's quantitative outcomes, as "<5": one
patient is a small cell. The CSV download holds the same row."""

from __future__ import annotations

import csv
import io
import secrets
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_intake_consent_journey import sign_in
from tests.live import MESODESK

pytestmark = pytest.mark.browser

ANALYST = "bellecour-network-analyst"
_RECORD_SCORE = """
from django.utils import timezone
from django_scopes import scopes_disabled
from mesodesk.accounts.models import Membership
from mesodesk.outcomes.models import OutcomeResponse
from mesodesk.patients.models import Patient
with scopes_disabled():
    network = Membership.objects.get(user__username="{analyst}").clinic.network
    patient = Patient.objects.filter(clinic__network=network).order_by("id").first()
    OutcomeResponse.objects.create(
        clinic=patient.clinic, patient=patient, instrument="{code}", timepoint="end", rater="clinician",
        answers={{}}, score=7, answered_on=timezone.localdate(), recorded_by="journey",
    )
"""


def test_the_analyst_finds_a_new_score_in_the_networks_report(
    page: Page, live_server_url: str, live_env: dict[str, str], artifacts: Path
) -> None:
    base = live_server_url
    code = f"journey_scale_{secrets.token_hex(3)}"
    sign_in(page, base, ANALYST)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Network registry").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Network registry report")
    expect(page.get_by_role("heading", name="Quantitative outcomes")).to_be_visible()
    expect(page.get_by_role("cell", name=code)).to_have_count(0)

    script = _RECORD_SCORE.format(analyst=ANALYST, code=code)
    subprocess.run([MESODESK, "manage", "shell", "-c", script], env=live_env, check=True, timeout=120)

    page.reload()
    row = page.get_by_role("row").filter(has=page.get_by_role("cell", name=code, exact=True))
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell", name="<5", exact=True).first).to_be_visible()
    page.screenshot(path=str(artifacts / "registry-report.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
    ours = [row for row in rows if row["instrument"] == code and row["measure"] == "patients"]
    # One end score: no baseline, so no change either.
    assert {(row["category"], row["value"]) for row in ours} == {
        ("baseline", "0"),
        ("end", "<5"),
        ("change", "0"),
    }
