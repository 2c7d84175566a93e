"""Response headers: a Content-Security-Policy that allows no inline script or style,
`Cache-Control: no-store` on every answer the application builds, and the production
settings that `check --deploy` finds nothing to warn about."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.conftest import signed_in

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "mesodesk"
MESODESK = str(Path(sys.executable).parent / "mesodesk")
# Rendered to PDF by WeasyPrint, never served as a page: their <style> meets no browser.
PDF_ONLY = {"documents/templates/documents/consent_pdf.html", "recall/templates/recall/letters.html"}


def directives(response: Any) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


@pytest.mark.django_db
def test_pages_carry_a_policy_without_inline_scripts_or_styles(client: Client, alice: Any) -> None:
    signed_in(client, alice)
    for path in ("/sign-in/", "/", "/patients/", "/calendar/"):
        policy = directives(client.get(path, follow=True))
        assert policy["script-src"] == ["'self'"], path
        assert "'unsafe-inline'" not in policy["style-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_the_calendar_gives_fullcalendar_its_style_nonce(client: Client, alice: Any) -> None:
    signed_in(client, alice)
    response = client.get("/calendar/")
    nonce = re.search(r'<meta name="csp-nonce" content="([^"]+)">', response.content.decode())
    assert nonce and f"'nonce-{nonce.group(1)}'" in directives(response)["style-src"]


def test_no_template_holds_an_inline_script_style_or_event_handler() -> None:
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|<style\b(?![^>]*\bnonce=)|\sstyle=|\son[a-z]+="
    )
    found = []
    for template in PACKAGE.rglob("templates/**/*.html"):
        if str(template.relative_to(PACKAGE)) in PDF_ONLY:
            continue
        found += [
            f"{template.relative_to(PACKAGE)}: {m.group(0)}" for m in inline.finditer(template.read_text())
        ]
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_every_answer_with_patient_data_is_no_store(client: Client, alice: Any, patient_a: Any) -> None:
    signed_in(client, alice)
    for path in ("/", "/patients/", f"/patients/{patient_a.pseudonym}/", "/api/v1/patients", "/sign-in/"):
        response = client.get(path)
        assert response["Cache-Control"] == "no-store", path


def test_static_files_keep_their_caching_and_pages_do_not(live_server_url: str) -> None:
    with urllib.request.urlopen(f"{live_server_url}/static/mesodesk/mesodesk.css", timeout=10) as r:  # noqa: S310
        assert "max-age" in r.headers["Cache-Control"] and "no-store" not in r.headers["Cache-Control"]
    with urllib.request.urlopen(f"{live_server_url}/sign-in/", timeout=10) as r:  # noqa: S310
        assert (
            r.headers["Cache-Control"] == "no-store"
            and "default-src 'self'" in r.headers["Content-Security-Policy"]
        )


PRODUCTION = {
    "MESODESK_TLS": "true",
    "MESODESK_DEBUG": "false",
    "ALLOWED_HOSTS": "mesodesk.example.org",
    "SECRET_KEY": "x7Qv-production-like-key-with-enough-length-and-variety-2k9Lm4Pz8Rt6Wy1",
}


def deploy_check(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "MESODESK_VAR_DIR": str(tmp_path), **env}
    return subprocess.run(
        [MESODESK, "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=full, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_check_deploy_finds_nothing_in_the_production_settings(tmp_path: Path) -> None:
    result = deploy_check(PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_does_warn_without_tls(tmp_path: Path) -> None:
    result = deploy_check({**PRODUCTION, "MESODESK_TLS": "false"}, tmp_path)
    assert result.returncode != 0 and "security.W004" in result.stderr + result.stdout
