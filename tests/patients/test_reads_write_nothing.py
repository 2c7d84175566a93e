"""Reading a record writes nothing to it (the audit trail aside)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from mesodesk.patients.models import History, Patient
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def _histories(patient: Patient) -> int:
    with scopes_disabled():
        return History.objects.filter(patient=patient).count()


def test_opening_a_patient_never_asked_makes_no_history(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    signed_in(client, alice)
    assert client.get(f"/patients/{patient_a.pseudonym}/", {"indication": "hair_loss"}).status_code == 200
    assert client.get(f"/patients/{patient_a.pseudonym}/history/").status_code == 200
    assert _histories(patient_a) == 0


def test_reading_the_history_over_the_api_makes_none(client: Client, alice: Any, patient_a: Patient) -> None:
    signed_in(client, alice)
    answer = client.get(f"/api/v1/patients/{patient_a.pseudonym}/history")
    assert answer.status_code == 200 and answer.json()["version"] == 0
    assert _histories(patient_a) == 0
