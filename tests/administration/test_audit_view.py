from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from mesodesk.accounts.audit import audit_record
from mesodesk.patients.models import Patient
from tests.conftest import signed_in


@pytest.fixture
def trail(patient_a: Patient, patient_b: Patient) -> None:
    audit_record(
        action="read",
        actor_id=1,
        actor="alice",
        clinic_id=patient_a.clinic_id,
        patient_id=patient_a.pk,
        object_type="patient",
        object_id=patient_a.pseudonym,
    )
    audit_record(
        action="create",
        actor_id=2,
        actor="bob",
        clinic_id=patient_a.clinic_id,
        object_type="patient",
        object_id="P-OTHER",
    )
    audit_record(
        action="read",
        actor_id=3,
        actor="charlie",
        clinic_id=patient_b.clinic_id,
        patient_id=patient_b.pk,
        object_type="patient",
        object_id="Canary-7f3e",
    )


@pytest.mark.django_db
def test_a_clinic_admin_sees_their_clinics_trail_only(
    client: Client, carol: object, trail: None, patient_a: Patient
) -> None:
    signed_in(client, carol)
    html = client.get("/administration/audit/").content.decode()
    assert "alice" in html and "bob" in html and patient_a.pseudonym in html
    assert "charlie" not in html and "Canary-7f3e" not in html


@pytest.mark.django_db
def test_the_trail_filters_by_person_patient_and_period(
    client: Client, carol: object, trail: None, patient_a: Patient
) -> None:
    signed_in(client, carol)
    by_person = client.get("/administration/audit/", {"person": "bob"}).content.decode()
    assert "P-OTHER" in by_person and patient_a.pseudonym not in by_person
    by_patient = client.get("/administration/audit/", {"patient": patient_a.pseudonym}).content.decode()
    assert patient_a.pseudonym in by_patient and "P-OTHER" not in by_patient
    tomorrow = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    assert "No events match." in client.get("/administration/audit/", {"start": tomorrow}).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("column", ["at", "actor", "action", "object_type", "object_id", "patient_id"])
def test_the_trail_sorts_by_every_column_both_ways(
    client: Client, carol: object, trail: None, column: str
) -> None:
    signed_in(client, carol)
    up = client.get("/administration/audit/", {"sort": column}).content.decode()
    down = client.get("/administration/audit/", {"sort": f"-{column}"}).content.decode()
    assert "alice" in up and "alice" in down
    if column == "actor":
        assert up.index("alice") < up.index(">bob<") and down.index(">bob<") < down.index("alice")


@pytest.mark.django_db
def test_a_bad_filter_names_the_field(client: Client, carol: object) -> None:
    signed_in(client, carol)
    html = client.get("/administration/audit/", {"start": "2027-02-01", "end": "2027-01-01"}).content.decode()
    assert "The end of the period comes before its start." in html


@pytest.mark.django_db
def test_clinicians_cannot_open_the_trail(client: Client, alice: object) -> None:
    signed_in(client, alice)
    assert client.get("/administration/audit/").status_code == 403


@pytest.mark.django_db
def test_the_trail_names_people_by_their_full_name(client: Client, alice: Any, carol: Any) -> None:
    alice.first_name, alice.last_name = "Alice", "Durand"
    alice.save()
    audit_record(action="read", actor_id=alice.pk, actor="alice", clinic_id=carol.memberships.get().clinic_id)
    page = signed_in(client, carol).get("/administration/audit/").content.decode()
    assert "Alice Durand" in page
