"""The audit page names each object in words, never by its stored code."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

import mesodesk
from mesodesk.accounts.audit import audit_by
from mesodesk.administration.views import OBJECT_LABELS
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_every_object_the_code_audits_has_a_label() -> None:
    written = set()
    for path in Path(mesodesk.__file__).parent.rglob("*.py"):
        written |= set(re.findall(r'object_type="([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert written and written <= set(OBJECT_LABELS), sorted(written - set(OBJECT_LABELS))


def test_the_audit_page_in_french_says_what_was_touched(
    client: Client, carol: Any, alice: Any, clinic_a: Any
) -> None:
    audit_by(alice, "update", clinic_id=clinic_a.pk, object_type="course_session", object_id=1)
    signed_in(client, carol)
    html = client.get("/administration/audit/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    with translation.override("fr"):
        label = str(OBJECT_LABELS["course_session"])
    assert "course_session" not in html
    assert label in html and label != "course session"
