"""Tenancy by construction: a clinical query without a clinic scope is an error."""

from __future__ import annotations

import pytest
from django.test import Client
from django_scopes import ScopeError, scope

from mesodesk.accounts.models import Clinic
from mesodesk.patients.models import Patient
from tests.conftest import signed_in


@pytest.mark.django_db
def test_a_query_on_a_clinical_model_without_a_clinic_scope_raises(patient_a: Patient) -> None:
    with pytest.raises(ScopeError):
        list(Patient.objects.all())


@pytest.mark.django_db
def test_inside_a_scope_only_that_clinics_patients_are_seen(
    clinic_a: Clinic, patient_a: Patient, patient_b: Patient
) -> None:
    with scope(clinic=clinic_a):
        assert list(Patient.objects.all()) == [patient_a]


@pytest.mark.django_db
def test_a_clinician_asking_for_another_clinics_patient_gets_404_without_its_data(
    client: Client, alice: object, patient_a: Patient, patient_b: Patient
) -> None:
    signed_in(client, alice)
    response = client.get(f"/patients/{patient_b.pseudonym}/")
    assert response.status_code == 404
    assert b"Canary-7f3e" not in response.content and b"Zebulon" not in response.content
    listing = client.get("/patients/", {"q": "Canary"})
    assert listing.status_code == 200 and b"Canary-7f3e" not in listing.content


@pytest.mark.django_db
def test_the_api_gives_404_for_another_clinics_patient(
    client: Client, alice: object, patient_b: Patient
) -> None:
    signed_in(client, alice)
    response = client.get(f"/api/v1/patients/{patient_b.pseudonym}")
    assert response.status_code == 404
    assert b"Canary-7f3e" not in response.content
    listing = client.get("/api/v1/patients")
    assert listing.status_code == 200 and b"Canary-7f3e" not in listing.content
