"""The audit page and the patients a listing named: "who saw this patient" finds the list
pages and answers that showed them, and the page says whom a listing named, in words."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mesodesk.patients.models import Patient
from mesodesk.patients.selectors import patients_read_audit
from tests.conftest import make_patient, signed_in

pytestmark = pytest.mark.django_db


def test_a_list_page_seen_by_a_clinician_is_found_by_each_patient_it_showed(
    client: Client, alice: Any, carol: Any, clinic_a: Any, patient_a: Patient, patient_b: Patient
) -> None:
    other = make_patient(clinic_a, family="Moreau", given="Paul")
    unseen = make_patient(clinic_a, family="Weber", given="Lena")
    assert signed_in(client, alice).get("/patients/").status_code == 200
    signed_in(client, carol)
    for patient in (patient_a, other, unseen):
        page = client.get("/administration/audit/", {"patient": patient.pseudonym}).content.decode()
        assert "list of patients" in page
        assert patient.pseudonym in page, "the row names the patient the page is filtered by"
    unfiltered = client.get("/administration/audit/").content.decode()
    assert "list of patients" in unfiltered and "3 patients" in unfiltered
    assert "patient_list" not in unfiltered, "no stored code on the page"
    # The other clinic's patient was not on the list, and the other clinic's trail is not here.
    other_clinic = client.get("/administration/audit/", {"patient": patient_b.pseudonym}).content.decode()
    assert "No events match." in other_clinic


def test_a_patient_not_on_a_listing_does_not_find_it(
    client: Client, alice: Any, carol: Any, clinic_a: Any, patient_a: Patient
) -> None:
    shown = make_patient(clinic_a, family="Moreau", given="Paul")
    hidden = make_patient(clinic_a, family="Weber", given="Lena")
    patients_read_audit(user=alice, patients=[patient_a, shown], where="dashboard")
    page = signed_in(client, carol).get("/administration/audit/", {"patient": hidden.pseudonym})
    assert "No events match." in page.content.decode()


@pytest.mark.parametrize(
    ("language", "label", "count"),
    [("fr", "liste de patients", "2 patients"), ("de", "Patientenliste", "2 Patienten")],
)
def test_a_listing_reads_in_the_readers_language(
    client: Client,
    alice: Any,
    carol: Any,
    clinic_a: Any,
    patient_a: Patient,
    language: str,
    label: str,
    count: str,
) -> None:
    patients_read_audit(user=alice, patients=[patient_a, make_patient(clinic_a, family="Roux")], where="list")
    html = (
        signed_in(client, carol).get("/administration/audit/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    )
    assert label in html and count in html
