"""A script with a bearer token gets the same whole answers as a signed-in browser: the
clinic scope stays open while the answer is built, related rows included."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from mesodesk.accounts.models import Clinic
from mesodesk.accounts.services import api_token_create
from mesodesk.patients.models import Patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(alice: Any, clinic_a: Clinic) -> dict[str, str]:
    _, key = api_token_create(user=alice, clinic=clinic_a, name="script")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_history_written_with_a_token_is_answered_whole(
    client: Client, bearer: dict[str, str], patient_a: Patient
) -> None:
    body = {"other_allergies": ["latex"], "medications": ["aspirin"]}
    answer = client.put(
        f"/api/v1/patients/{patient_a.pseudonym}/history",
        json.dumps(body),
        content_type="application/json",
        **bearer,
    )
    assert answer.status_code == 200, answer.content[:300]
    assert answer.json()["unreviewed_allergies"] == ["latex"]


def test_a_course_created_with_a_token_lists_its_sessions(
    client: Client, bearer: dict[str, str], patient_a: Patient
) -> None:
    client.put(
        f"/api/v1/patients/{patient_a.pseudonym}/history",
        json.dumps({}),
        content_type="application/json",
        **bearer,
    )
    body = {
        "patient": patient_a.pseudonym,
        "indication": "hair_loss",
        "protocol": "hair_loss_8",
        "start": "2031-01-06",
    }
    answer = client.post("/api/v1/courses", json.dumps(body), content_type="application/json", **bearer)
    assert answer.status_code == 201, answer.content[:300]
    assert len(answer.json()["sessions"]) == 8


def test_a_nul_character_in_a_search_is_refused_not_a_500(client: Client, bearer: dict[str, str]) -> None:
    answer = client.get("/api/v1/patients", {"q": "Mar\x00tin"}, **bearer)
    assert answer.status_code == 422 and answer.json()["field"] == "q"
