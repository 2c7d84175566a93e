"""The patient page lists each medicine as its own item, the patient's own words included."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from mesodesk.patients.models import Patient
from tests.conftest import signed_in
from tests.scheduling.conftest import history_taken

pytestmark = pytest.mark.django_db


def medicines_shown(client: Client, patient: Patient) -> list[str]:
    page = client.get(f"/patients/{patient.pseudonym}/", headers={"accept-language": "fr"}).content.decode()
    line = page[page.index('id="medications"') : page.index("</p>", page.index('id="medications"'))]
    return re.findall(r'<span class="medicine">([^<]*)</span>', line)


def test_written_medicines_are_items_of_their_own_not_a_bracket(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    history_taken(
        patient_a,
        alice,
        medications=frozenset({"aspirin"}),
        other_medications="Marcumar; Euthyrox 50\nZyrtec",
    )
    assert medicines_shown(signed_in(client, alice), patient_a) == [
        "Aspirine",
        "Marcumar",
        "Euthyrox 50",
        "Zyrtec",
    ]


def test_no_medicine_says_so(client: Client, alice: Any, patient_a: Patient) -> None:
    history_taken(patient_a, alice)
    page = signed_in(client, alice).get(f"/patients/{patient_a.pseudonym}/").content.decode()
    assert "Medications: none recognised" in page
