"""A patient's documents over HTTP: a handout issued in the patient's language, listed, fetched
as the PDF the patient got; bad input names the field; another clinic's are 404; in the
OpenAPI with their 4xx answers."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from django_scopes import scopes_disabled
from pypdf import PdfReader

from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.accounts.services import api_token_create
from mesodesk.patients.models import Patient, PatientDocument

pytestmark = pytest.mark.django_db

HANDOUT = {
    "kind": "after_care", "indication": "cellulite", "technique": "nappage",
    "session_at": "2026-11-24T14:30:00+01:00",
}  # fmt: skip


@pytest.fixture
def auth(alice: Any, clinic_a: Clinic) -> dict[str, str]:
    _, key = api_token_create(user=alice, clinic=clinic_a, name="script")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def issue(client: Client, patient: Patient, auth: dict[str, str], **changes: Any) -> Any:
    return client.post(
        f"/api/v1/patients/{patient.pseudonym}/documents/handouts",
        json.dumps({**HANDOUT, **changes}), content_type="application/json", **auth,
    )  # fmt: skip


def test_a_handout_is_issued_in_the_patients_language_and_listed(
    client: Client, auth: dict[str, str], patient_a: Patient
) -> None:
    with scopes_disabled():
        Patient.objects.filter(pk=patient_a.pk).update(preferred_language="de")

    made = issue(client, patient_a, auth)
    listed = client.get(f"/api/v1/patients/{patient_a.pseudonym}/documents", **auth).json()

    assert made.status_code == 201
    assert made.json()["language"] == "de"
    assert [d["id"] for d in listed] == [made.json()["id"]]
    assert listed[0]["kind"] == "after_care"


def test_a_document_is_fetched_as_the_pdf_the_patient_got(
    client: Client, auth: dict[str, str], patient_a: Patient
) -> None:
    made = issue(client, patient_a, auth).json()

    answer = client.get(f"/api/v1/patients/{patient_a.pseudonym}/documents/{made['id']}", **auth)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)

    assert answer["Content-Type"] == "application/pdf"
    assert "12 hours" in text
    with scopes_disabled():
        assert (
            AuditEvent.objects.filter(object_type="patient_document", object_id=str(made["id"])).count() == 2
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("indication", "moon_face"),
        ("technique", "laser"),
        ("session_at", "2026-11-24T14:30"),
        ("kind", "quote"),
    ],
)
def test_bad_input_names_the_field_and_keeps_nothing(
    client: Client, auth: dict[str, str], patient_a: Patient, field: str, value: str
) -> None:
    answer = issue(client, patient_a, auth, **{field: value})

    assert answer.status_code == 422
    assert answer.json()["field"] == field
    with scopes_disabled():
        assert not PatientDocument.objects.exists()


def test_emailing_a_patient_without_an_address_is_refused_by_name(
    client: Client, auth: dict[str, str], patient_a: Patient
) -> None:
    with scopes_disabled():
        Patient.objects.filter(pk=patient_a.pk).update(email="")

    answer = issue(client, patient_a, auth, channel="emailed")

    assert answer.status_code == 422
    assert answer.json()["field"] == "channel"


def test_another_clinics_patient_and_document_are_404(
    client: Client,
    auth: dict[str, str],
    patient_a: Patient,
    patient_b: Patient,
    charlie: Any,
    clinic_b: Clinic,
) -> None:
    _, other_key = api_token_create(user=charlie, clinic=clinic_b, name="script")
    theirs = {"HTTP_AUTHORIZATION": f"Bearer {other_key}"}
    mine = issue(client, patient_a, auth).json()

    assert client.get(f"/api/v1/patients/{patient_b.pseudonym}/documents", **auth).status_code == 404
    assert issue(client, patient_b, auth).status_code == 404
    assert (
        client.get(f"/api/v1/patients/{patient_a.pseudonym}/documents/{mine['id']}", **theirs).status_code
        == 404
    )
    assert client.get(f"/api/v1/patients/{patient_a.pseudonym}/documents", **theirs).status_code == 404


def test_the_routes_are_in_the_openapi_with_their_4xx(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    listing = paths["/api/v1/patients/{patient_id}/documents"]["get"]["responses"]
    fetch = paths["/api/v1/patients/{patient_id}/documents/{document_id}"]["get"]["responses"]
    handout = paths["/api/v1/patients/{patient_id}/documents/handouts"]["post"]["responses"]
    assert {"200", "401", "403", "404"} <= set(listing)
    assert "application/pdf" in fetch["200"]["content"]
    assert {"404", "422"} <= set(fetch)
    assert {"201", "404", "413", "422"} <= set(handout)
