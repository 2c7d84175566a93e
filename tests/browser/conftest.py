"""Playwright driving Debian's Chromium: no browser download, ever.

Every page a journey loads is audited with axe-core (vendored in vendor/, a test tool that is
never served): after it loads, which covers the page as first shown, after a failed submit
(the form answers with its errors) and after a successful one (the redirect's page). A
violation of a WCAG 2.0, 2.1 or 2.2 A/AA rule fails the test that loaded the page."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = os.environ.get("MESODESK_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Without these, Chromium keeps trying the network this machine does not have.
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def totp_code(key: bytes, steps_ahead: int = 0) -> str:
    """The six digits an authenticator app shows for this secret now (or `steps_ahead` periods
    later: a code is accepted once, so a second sign-in within 30 s needs the next one)."""
    return f"{totp(key, drift=steps_ahead):06d}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run scripts/ensure-chromium.sh (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Run in every page once it has loaded; the result goes back to the test through a binding.
_AXE_ON_LOAD = (
    AXE.read_text()
    + """
;window.addEventListener("load", function () {
  if (window.top !== window || !document.body) return;
  window.setTimeout(function () {
    axe.run(document, {runOnly: {type: "tag", values: __WCAG_TAGS__}, resultTypes: ["violations"]})
      .then(function (r) { window.__axeReport(JSON.stringify({url: location.href, violations: r.violations})); })
      .catch(function () {});
  }, 0);
});
""".replace("__WCAG_TAGS__", json.dumps(WCAG_AA))
)


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
        for v in violations
    )


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.x A/AA violations on the page as it is now (after an htmx swap too)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result: list[dict[str, Any]] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations)",
        WCAG_AA,
    )
    return result


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}:\n{describe(violations)}"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1024, "height": 768})  # a tablet, landscape
    reports: list[dict[str, Any]] = []
    context.expose_binding("__axeReport", lambda source, report: reports.append(json.loads(report)))
    context.add_init_script(_AXE_ON_LOAD)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    try:
        page.wait_for_timeout(300)  # the last page's audit reports back
    finally:
        context.close()
    failed = [f"{r['url']}:\n{describe(r['violations'])}" for r in reports if r["violations"]]
    assert not failed, "axe-core found WCAG 2.x A/AA violations:\n" + "\n".join(failed)


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
