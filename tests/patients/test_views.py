from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.patients.models import Patient
from tests.conftest import make_patient, signed_in

pytestmark = pytest.mark.django_db


def test_an_assistant_registers_a_patient(client: Client, bob: object, clinic_a: Clinic) -> None:
    signed_in(client, bob)
    response = client.post(
        "/patients/new/",
        {
            "family_name": "Roux",
            "given_name": "Anne",
            "date_of_birth": "1979-02-03",
            "sex": "female",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        patient = Patient.objects.get(family_name="Roux")
    assert patient.clinic == clinic_a and response["Location"] == f"/patients/{patient.pseudonym}/"
    assert AuditEvent.objects.filter(action="create", patient_id=patient.pk, actor="bob").exists()


@pytest.mark.parametrize(
    ("born", "message"),
    [
        ("2999-01-01", "The date of birth is in the future."),
        ("1850-06-01", "over 130 years ago"),
        ("1979-02-31", "Enter a valid date."),
    ],
)
def test_an_impossible_date_of_birth_is_refused_and_nothing_is_saved(
    client: Client, bob: object, born: str, message: str
) -> None:
    signed_in(client, bob)
    response = client.post(
        "/patients/new/",
        {
            "family_name": "Roux",
            "given_name": "Anne",
            "date_of_birth": born,
            "sex": "female",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 422
    assert message in response.content.decode() and "Date of birth:" in response.content.decode()
    with scopes_disabled():
        assert not Patient.objects.filter(family_name="Roux").exists()


def test_search_by_name_date_of_birth_and_id(client: Client, alice: object, clinic_a: Clinic) -> None:
    claire = make_patient(clinic_a, "Martin", "Claire", date_of_birth=datetime.date(1983, 4, 12))
    make_patient(clinic_a, "Bernard", "Sophie", date_of_birth=datetime.date(1975, 9, 30))
    signed_in(client, alice)
    for query in ("mart", "Claire Martin", "1983-04-12", claire.pseudonym.lower()):
        html = client.get("/patients/", {"q": query}).content.decode()
        assert claire.pseudonym in html and "Bernard" not in html.replace("BERNARD", ""), query
        assert "BERNARD" not in html, query


def test_search_answers_htmx_with_the_rows_only(client: Client, alice: object, patient_a: Patient) -> None:
    signed_in(client, alice)
    html = client.get("/patients/", {"q": "Martin"}, HTTP_HX_REQUEST="true").content.decode()
    assert patient_a.pseudonym in html and "<html" not in html


def test_the_patient_list_is_paginated(client: Client, alice: object, clinic_a: Clinic) -> None:
    for i in range(30):
        make_patient(clinic_a, f"Name{i:02d}", "X")
    signed_in(client, alice)
    first = client.get("/patients/").content.decode()
    assert "NAME00" in first and "NAME29" not in first
    following = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert "NAME29" in client.get(f"/patients/{following}").content.decode()
