"""/courses/new/: a caution is said as a caution (acknowledge, then go ahead), not as a refusal."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from mesodesk.patients.models import Patient
from tests.conftest import signed_in
from tests.scheduling.conftest import history_taken

pytestmark = pytest.mark.django_db


def new_wrinkles_course(client: Client, patient: Patient) -> str:
    start = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    answer = client.post(
        f"/courses/new/{patient.pseudonym}/",
        {"indication": "wrinkles", "protocol": "wrinkles_15", "formulation": "", "start": start},
        headers={"accept-language": "en"},
    )
    assert answer.status_code == 422
    return answer.content.decode()


def test_a_relative_finding_asks_for_an_acknowledgement_not_a_refusal(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    history_taken(patient_a, alice, conditions=frozenset({"psoriasis"}))
    page = new_wrinkles_course(signed_in(client, alice), patient_a)
    assert "Screening asks for caution" in page
    assert "blocks" not in page


def test_an_absolute_contraindication_still_reads_as_blocked(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    history_taken(patient_a, alice, conditions=frozenset({"pregnancy"}))
    page = new_wrinkles_course(signed_in(client, alice), patient_a)
    assert "Screening blocks this indication" in page
