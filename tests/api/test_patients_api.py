from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.accounts.services import api_token_create
from mesodesk.patients.models import Patient
from tests.audit_reads import patients_audited
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


def test_each_patient_a_listing_returns_is_an_audited_read(
    client: Client, alice: object, clinic_a: Clinic, patient_a: Patient, patient_b: Patient
) -> None:
    """The list answers whole records (contacts, notes): each one it returns is a read of that
    record, as the list page's names are; the other clinic's patient is neither shown nor logged."""
    _, key = api_token_create(user=alice, clinic=clinic_a, name="script")
    listing = client.get("/api/v1/patients", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert [p["id"] for p in listing.json()] == [patient_a.pseudonym]
    reads = AuditEvent.objects.filter(action="read")
    assert list(reads.values_list("object_type", "detail")) == [
        ("patient_list", {"where": "api_patient_list", "patients": [patient_a.pk]})
    ]
    assert patients_audited() == [patient_a.pk]


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


def put_json(client: Client, path: str, body: object, method: str = "put") -> Any:
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def test_updating_a_patient_changes_only_what_is_given_and_is_audited(
    client: Client, alice: object, patient_a: Patient
) -> None:
    signed_in(client, alice)
    response = put_json(
        client,
        f"/api/v1/patients/{patient_a.pseudonym}",
        {"phone": "+33 4 00 00 00 00", "preferred_language": "fr"},
        "patch",
    )
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "+33 4 00 00 00 00" and response.json()["family_name"] == "Martin"
    assert AuditEvent.objects.filter(
        action="update", object_type="patient", detail__fields=["phone", "preferred_language"]
    ).exists()
    bad = put_json(
        client, f"/api/v1/patients/{patient_a.pseudonym}", {"date_of_birth": "2999-01-01"}, "patch"
    )
    assert bad.status_code == 422 and bad.json()["field"] == "date_of_birth"


def test_the_history_round_trips_and_drives_the_screening(
    client: Client, alice: object, patient_a: Patient
) -> None:
    signed_in(client, alice)
    body = {
        "conditions": ["herpes_tendency"],
        "allergies": ["rutin"],
        "other_allergies": ["latex"],
        "medications": ["aspirin"],
        "areas": ["scalp"],
    }
    response = put_json(client, f"/api/v1/patients/{patient_a.pseudonym}/history", body)
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1 and response.json()["unreviewed_allergies"] == ["latex"]
    assert client.get(f"/api/v1/patients/{patient_a.pseudonym}/history").json()["conditions"] == [
        "herpes_tendency"
    ]
    screening = client.get(
        f"/api/v1/patients/{patient_a.pseudonym}/screening",
        {"indication": "hair_loss", "formulation": "mesohair"},
    ).json()
    assert (
        screening["verdict"] == "contraindicated" and screening["blocked"] is True
    )  # rutin is in the catalyst
    codes = {f["code"] for f in screening["findings"]}
    assert {"ingredient_allergy", "herpes_tendency", "allergy_unreviewed", "antiplatelet_washout"} <= codes


@pytest.mark.parametrize(
    ("body", "field"),
    [({"conditions": ["flu"]}, "conditions[0]"), ({"medications": ["paracetamol"]}, "medications[0]"),
     ({"areas": ["ears"]}, "areas[0]"), ({"hair_loss_onset_months": -1}, "hair_loss_onset_months"), ({"colour": "red"}, "colour")],
)  # fmt: skip
def test_a_bad_history_is_422_naming_the_field(
    client: Client, alice: object, patient_a: Patient, body: dict[str, object], field: str
) -> None:
    signed_in(client, alice)
    response = put_json(client, f"/api/v1/patients/{patient_a.pseudonym}/history", body)
    assert response.status_code == 422 and response.json()["field"] == field


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [("get", "", None), ("patch", "", {"phone": "1"}), ("get", "/history", None), ("put", "/history", {}),
     ("get", "/screening?indication=acne", None)],
)  # fmt: skip
def test_every_patient_endpoint_is_404_for_another_clinic(
    client: Client, alice: object, patient_b: Patient, method: str, suffix: str, body: object
) -> None:
    signed_in(client, alice)
    path = f"/api/v1/patients/{patient_b.pseudonym}{suffix}"
    response = put_json(client, path, body, method) if body is not None else client.get(path)
    assert response.status_code == 404
    assert b"Canary-7f3e" not in response.content
    with scopes_disabled():
        patient_b.refresh_from_db()
    assert patient_b.phone == ""
