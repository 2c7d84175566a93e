"""`GET /api/v1/patients/{id}/record`: the patient with their history in one call, one audited
read, a fixed number of queries; another clinic's patient is not found (issue 15)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.audit import audit_verify
from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.accounts.selectors import audit_events_for_clinic
from mesodesk.accounts.services import api_token_create
from mesodesk.patients.models import History, Patient, ReportedAllergy
from mesodesk.patients.services import patient_create
from tests.audit_reads import patients_audited
from tests.conftest import make_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(alice: Any, clinic_a: Clinic) -> dict[str, str]:
    return {"authorization": f"Bearer {api_token_create(user=alice, clinic=clinic_a, name='script')[1]}"}


def with_history(patient: Patient) -> History:
    with scopes_disabled():
        history = History.objects.create(
            patient=patient,
            clinic=patient.clinic,
            version=3,
            conditions=["pregnancy"],
            goals="Less hair loss",
        )
        ReportedAllergy.objects.create(patient=patient, clinic=patient.clinic, text="plasters")
    return history


def test_the_record_holds_the_patient_and_their_history(
    client: Client, bearer: dict[str, str], patient_a: Patient
) -> None:
    with_history(patient_a)
    answer = client.get(f"/api/v1/patients/{patient_a.pseudonym}/record", headers=bearer)
    assert answer.status_code == 200, answer.content
    record = answer.json()
    assert record["patient"] == client.get(f"/api/v1/patients/{patient_a.pseudonym}", headers=bearer).json()
    assert (
        record["history"]
        == client.get(f"/api/v1/patients/{patient_a.pseudonym}/history", headers=bearer).json()
    )
    assert record["history"]["version"] == 3
    assert record["history"]["unreviewed_allergies"] == ["plasters"]


def test_a_patient_never_asked_has_an_empty_history_version_0(
    client: Client, bearer: dict[str, str], patient_a: Patient
) -> None:
    record = client.get(f"/api/v1/patients/{patient_a.pseudonym}/record", headers=bearer).json()
    assert record["history"]["version"] == 0
    assert record["history"]["conditions"] == []


def test_the_record_is_one_audited_read_naming_the_history(
    client: Client, bearer: dict[str, str], patient_a: Patient
) -> None:
    client.get(f"/api/v1/patients/{patient_a.pseudonym}/record", headers=bearer)
    reads = AuditEvent.objects.filter(action="read")
    assert list(reads.values_list("patient_id", "object_type", "object_id", "detail")) == [
        (patient_a.pk, "patient", patient_a.pseudonym, {"with": "history"})
    ]
    assert audit_verify().intact


def test_another_clinics_patient_is_404_and_nothing_is_logged(
    client: Client, bearer: dict[str, str], patient_b: Patient
) -> None:
    with_history(patient_b)
    answer = client.get(f"/api/v1/patients/{patient_b.pseudonym}/record", headers=bearer)
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Not found"}
    assert "Less hair loss" not in answer.content.decode()
    assert not AuditEvent.objects.filter(action="read").exists()


def test_anonymous_callers_get_401(client: Client, patient_a: Patient) -> None:
    assert client.get(f"/api/v1/patients/{patient_a.pseudonym}/record").status_code == 401


def test_the_record_costs_a_fixed_number_of_queries(
    client: Client, bearer: dict[str, str], patient_a: Patient
) -> None:
    with_history(patient_a)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/patients/{patient_a.pseudonym}/record", headers=bearer).status_code == 200
    # 1 the token's membership, 2 the patient with their history (one join), 3-6 the audit line
    # (a savepoint in a test, BEGIN/COMMIT when served; the chain's head; the insert; PostgreSQL
    # adds the chain's lock), 7 the unreviewed allergies. The two calls it replaces cost 13.
    expected = 8 if connection.vendor == "postgresql" else 7
    assert len(queries) == expected, [q["sql"][:30] for q in queries.captured_queries]


def test_reading_a_patient_costs_a_fixed_number_of_queries_without_the_clinics_logo(
    client: Client, bearer: dict[str, str], patient_a: Patient, clinic_a: Clinic
) -> None:
    clinic_a.logo = b"\x89PNG" + b"\0" * 150_000
    clinic_a.save(update_fields=["logo"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/patients/{patient_a.pseudonym}", headers=bearer).status_code == 200
    # 1 the token's membership, 2 the patient, 3-6 the audit line (+1 lock on PostgreSQL).
    assert len(queries) == (7 if connection.vendor == "postgresql" else 6)
    patient_query = next(q["sql"] for q in queries.captured_queries if "patients_patient" in q["sql"])
    assert '"logo"' not in patient_query  # a 150 kB logo is not read with every patient


def test_creating_a_patient_costs_a_fixed_number_of_queries(client: Client, bearer: dict[str, str]) -> None:
    body = {"family_name": "Roux", "given_name": "Anne", "date_of_birth": "1979-02-03", "sex": "female"}
    with CaptureQueriesContext(connection) as queries:
        answer = client.post("/api/v1/patients", body, content_type="application/json", headers=bearer)
    assert answer.status_code == 201, answer.content
    # 1 the token; 2 the id's uniqueness; the transaction's start and end (a savepoint and its
    # release in a test), the insert; the audit line's savepoint, chain head, insert, release
    # (+1 lock on PostgreSQL). The clinic's existence and the sex constraint are not asked
    # again before the insert (they were 2 more).
    assert len(queries) == (10 if connection.vendor == "postgresql" else 9), [
        q["sql"][:40] for q in queries.captured_queries
    ]


def test_the_service_still_refuses_an_unknown_sex_naming_the_field_and_saves_nothing(
    alice: Any, clinic_a: Clinic
) -> None:
    with scope(clinic=clinic_a), pytest.raises(ValidationError) as refused:
        patient_create(
            actor=alice,
            clinic=clinic_a,
            family_name="Roux",
            given_name="Anne",
            date_of_birth=datetime.date(1979, 2, 3),
            sex="f",
        )
    assert "sex" in refused.value.message_dict
    with scopes_disabled():
        assert not Patient.objects.exists()


def test_a_search_writes_one_listing_of_the_patients_it_showed_and_none_for_the_others(
    client: Client, bearer: dict[str, str], clinic_a: Clinic, patient_b: Patient
) -> None:
    shown = [make_patient(clinic_a, family="Moreau", given=g) for g in ("Anne", "Paul")]
    hidden = make_patient(clinic_a, family="Weber", given="Lena")
    answer = client.get("/api/v1/patients", {"q": "moreau"}, headers=bearer)
    assert sorted(p["id"] for p in answer.json()) == sorted(p.pseudonym for p in shown)
    # One signed line names both; the audit page's patient filter finds it for each of them.
    (line,) = AuditEvent.objects.filter(action="read")
    ids = sorted(p.pk for p in shown)
    assert (line.object_type, line.detail, line.actor) == (
        "patient_list", {"where": "api_patient_list", "patients": ids}, "alice"
    )  # fmt: skip
    assert patients_audited() == ids
    for patient in [*shown, hidden]:
        found = audit_events_for_clinic(clinic_id=clinic_a.pk, patient_id=patient.pk)
        assert list(found) == ([line] if patient in shown else [])
    assert audit_verify().intact
