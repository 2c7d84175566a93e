"""Dates are written one way per language (its DATE_FORMAT), never as ISO codes on a page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mesodesk.patients.models import Patient
from tests.conftest import signed_in
from tests.scheduling.conftest import history_taken

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "born"), [("en", "May 17, 1980"), ("fr", "17 mai 1980"), ("de", "17. Mai 1980")]
)
def test_the_patient_page_and_list_write_the_birth_date_in_the_readers_language(
    client: Client, alice: Any, patient_a: Patient, language: str, born: str
) -> None:
    history_taken(patient_a, alice)
    signed_in(client, alice)
    page = client.get(
        f"/patients/{patient_a.pseudonym}/", headers={"accept-language": language}
    ).content.decode()
    rows = client.get("/patients/", {"q": "Martin"}, headers={"accept-language": language}).content.decode()
    for html in (page, rows):
        assert born in html
        assert "1980-05-17" not in html
