"""The apps' own routes: one role check per router, the clinic's day and zone in every time."""

from __future__ import annotations

import datetime
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django_scopes import scope

from mesodesk.accounts.models import Clinic
from mesodesk.patients.models import Patient
from mesodesk.scheduling.services import appointment_book
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _book_at(patient: Patient, clinician: Any, moment: datetime.datetime) -> None:
    with scope(clinic=patient.clinic):
        appointment_book(
            patient=patient, clinician=clinician, start=moment,
            end=moment + datetime.timedelta(minutes=30), actor=clinician, kind="iontophoresis",
        )  # fmt: skip


def test_a_day_of_appointments_is_the_clinics_day_not_utcs(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    # 00:30 in Paris on 6 January is 23:30 UTC on the 5th: it belongs to the 6th in the clinic.
    _book_at(patient_a, alice, datetime.datetime(2031, 1, 6, 0, 30, tzinfo=PARIS))
    signed_in(client, alice)
    sixth = client.get("/api/v1/appointments", {"start": "2031-01-06", "days": 1}).json()
    fifth = client.get("/api/v1/appointments", {"start": "2031-01-05", "days": 1}).json()
    assert [a["start"] for a in sixth] == ["2031-01-06T00:30:00+01:00"]
    assert fifth == []


def test_every_appointment_states_the_clinics_time_zone(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    _book_at(patient_a, alice, datetime.datetime(2031, 7, 7, 9, 0, tzinfo=PARIS))
    signed_in(client, alice)
    [appointment] = client.get("/api/v1/appointments", {"start": "2031-07-07"}).json()
    assert appointment["time_zone"] == "Europe/Paris"
    assert appointment["end"] == "2031-07-07T09:30:00+02:00"


def test_the_calendar_routes_ask_for_the_calendar_role_not_the_patients_one(
    client: Client, carol: Any, nina: Any
) -> None:
    # An administrator runs the calendar but opens no patient record; an analyst does neither.
    signed_in(client, carol)
    assert client.get("/api/v1/appointments", {"start": "2031-01-06"}).status_code == 200
    assert client.get("/api/v1/patients").status_code == 403
    signed_in(client, nina)
    assert client.get("/api/v1/appointments", {"start": "2031-01-06"}).status_code == 403


def test_a_refused_service_answers_422_naming_the_field(client: Client, alice: Any, clinic_a: Clinic) -> None:
    signed_in(client, alice)
    body = {"family_name": "Roux", "given_name": "Anne", "date_of_birth": "2999-01-01"}
    response = client.post("/api/v1/patients", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "date_of_birth"


def test_a_null_in_a_patch_is_refused_not_emptied(client: Client, alice: Any, patient_a: Patient) -> None:
    signed_in(client, alice)
    response = client.patch(
        f"/api/v1/patients/{patient_a.pseudonym}",
        json.dumps({"notes": None}),
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["field"] == "notes"
