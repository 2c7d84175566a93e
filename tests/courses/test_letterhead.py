"""The clinic's letterhead: its administrator sets the address and logo printed on every page
of its patients' documents; a bad logo is refused naming the field and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mesodesk.accounts.models import AuditEvent, Clinic
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_the_administrator_sets_the_address_and_the_logo(
    client: Client, carol: Any, clinic_a: Clinic
) -> None:
    response = signed_in(client, carol).post(
        "/courses/letterhead/",
        {
            "address": "3 place Bellecour\n69002 Lyon",
            "logo": SimpleUploadedFile("logo.png", PNG, "image/png"),
        },
    )
    assert response.status_code == 302
    clinic_a.refresh_from_db()
    assert clinic_a.address == "3 place Bellecour\n69002 Lyon"
    assert bytes(clinic_a.logo) == PNG
    assert AuditEvent.objects.filter(object_type="clinic_letterhead", clinic_id=clinic_a.pk).exists()
    page = client.get("/courses/letterhead/").content.decode()
    assert "data:image/png;base64," in page and "69002 Lyon" in page


def test_a_logo_that_is_no_image_is_refused_and_nothing_changes(
    client: Client, carol: Any, clinic_a: Clinic
) -> None:
    response = signed_in(client, carol).post(
        "/courses/letterhead/",
        {"address": "elsewhere", "logo": SimpleUploadedFile("logo.png", b"<script>", "image/png")},
    )
    assert response.status_code == 422
    assert "Logo: The logo must be a PNG, JPEG or SVG image." in response.content.decode()
    clinic_a.refresh_from_db()
    assert clinic_a.address == "" and bytes(clinic_a.logo) == b""


def test_the_logo_can_be_removed(client: Client, carol: Any, clinic_a: Clinic) -> None:
    Clinic.objects.filter(pk=clinic_a.pk).update(logo=PNG)
    signed_in(client, carol).post("/courses/letterhead/", {"address": "", "remove_logo": "on"})
    clinic_a.refresh_from_db()
    assert bytes(clinic_a.logo) == b""


def test_a_clinician_cannot_change_the_letterhead(client: Client, alice: Any, clinic_a: Clinic) -> None:
    response = signed_in(client, alice).post("/courses/letterhead/", {"address": "nowhere"})
    assert response.status_code == 403
    clinic_a.refresh_from_db()
    assert clinic_a.address == ""


def test_each_administrator_changes_only_their_own_clinics_letterhead(
    client: Client, carol: Any, clinic_a: Clinic, clinic_b: Clinic
) -> None:
    signed_in(client, carol).post("/courses/letterhead/", {"address": "A's address"})
    clinic_b.refresh_from_db()
    assert clinic_b.address == ""
