from __future__ import annotations

import json

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.api.auth import api_token_create
from mesodesk.patients.models import Patient
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_anonymous_callers_get_401(client: Client, patient_a: Patient) -> None:
    assert client.get("/api/v1/patients").status_code == 401
    assert client.get(f"/api/v1/patients/{patient_a.pseudonym}").status_code == 401


def test_a_token_reads_its_own_clinics_patients_only(
    client: Client, alice: object, clinic_a: Clinic, patient_a: Patient, patient_b: Patient
) -> None:
    _, key = api_token_create(user=alice, clinic=clinic_a, name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    listing = client.get("/api/v1/patients", **auth)
    assert listing.status_code == 200
    assert [p["id"] for p in listing.json()] == [patient_a.pseudonym]
    assert client.get(f"/api/v1/patients/{patient_b.pseudonym}", **auth).status_code == 404
    assert client.get("/api/v1/patients", HTTP_AUTHORIZATION="Bearer mdk_wrong").status_code == 401


def test_creating_a_patient_is_validated_atomic_and_audited(
    client: Client, alice: object, clinic_a: Clinic
) -> None:
    signed_in(client, alice)
    body = {
        "family_name": "Roux",
        "given_name": "Anne",
        "date_of_birth": "1979-02-03",
        "sex": "female",
    }
    response = client.post("/api/v1/patients", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()["id"]
    assert AuditEvent.objects.filter(action="create", object_id=created).exists()
    with scopes_disabled():
        assert Patient.objects.get(pseudonym=created).clinic == clinic_a


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"date_of_birth": "1850-01-01"}, "date_of_birth"),
        ({"date_of_birth": "03/02/1979"}, "date_of_birth"),
        ({"family_name": ""}, "family_name"),
        ({"sex": "f"}, "sex"),
    ],
)
def test_a_bad_patient_is_422_naming_the_field_and_saves_nothing(
    client: Client, alice: object, change: dict[str, str], field: str
) -> None:
    signed_in(client, alice)
    body = {"family_name": "Roux", "given_name": "Anne", "date_of_birth": "1979-02-03", **change}
    response = client.post("/api/v1/patients", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == field
    with scopes_disabled():
        assert not Patient.objects.filter(family_name="Roux").exists()
