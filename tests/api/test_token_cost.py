"""A bearer token costs one query to check, fewer than a session's three, and stays safe:
only its hash is stored, and a revoked token, an inactive person or a lost membership is
refused on the very next request."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mesodesk.accounts.models import ApiToken, Clinic, Membership, Role
from mesodesk.accounts.services import api_token_create, api_token_revoke
from mesodesk.patients.models import Patient
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def queries_of(client: Client, **headers: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get("/api/v1/patients", {"limit": 1}, headers=headers)
    return answer.status_code, len(queries)


def test_a_token_request_is_checked_in_one_query(client: Client, alice: Any, clinic_a: Clinic) -> None:
    _, key = api_token_create(user=alice, clinic=clinic_a, name="script")
    # 1: the token's membership (token, person, clinic, network in one statement); 2: the patients.
    assert queries_of(client, authorization=f"Bearer {key}") == (200, 2)


def test_a_session_request_costs_more_than_a_token_request(client: Client, alice: Any) -> None:
    signed_in(client, alice)
    client.get("/api/v1/patients")  # the idle clock's first write to the session
    # 1: the session, 2: the person, 3: the membership, 4: the patients.
    assert queries_of(client) == (200, 4)


def test_only_the_tokens_hash_is_stored(alice: Any, clinic_a: Clinic) -> None:
    token, key = api_token_create(user=alice, clinic=clinic_a, name="script")
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert stored["key_hash"] == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {str(value) for value in stored.values()}


def test_a_revoked_token_is_refused_on_the_next_request(client: Client, alice: Any, clinic_a: Clinic) -> None:
    _, key = api_token_create(user=alice, clinic=clinic_a, name="script")
    assert queries_of(client, authorization=f"Bearer {key}")[0] == 200
    api_token_revoke(user=alice, clinic=clinic_a, name="script")
    assert queries_of(client, authorization=f"Bearer {key}")[0] == 401


def test_the_token_of_a_person_made_inactive_is_refused(client: Client, alice: Any, clinic_a: Clinic) -> None:
    _, key = api_token_create(user=alice, clinic=clinic_a, name="script")
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert queries_of(client, authorization=f"Bearer {key}")[0] == 401


def test_the_token_of_a_person_who_left_the_clinic_is_refused(
    client: Client, alice: Any, clinic_a: Clinic
) -> None:
    _, key = api_token_create(user=alice, clinic=clinic_a, name="script")
    Membership.objects.filter(user=alice, clinic=clinic_a).delete()
    assert queries_of(client, authorization=f"Bearer {key}")[0] == 401


def test_a_token_opens_its_own_clinic_only(
    client: Client, alice: Any, clinic_a: Clinic, clinic_b: Clinic, patient_a: Patient, patient_b: Patient
) -> None:
    # alice works in both clinics; her token for clinic A does not open clinic B's patients.
    Membership.objects.create(user=alice, clinic=clinic_b, role=Role.CLINICIAN)
    _, key = api_token_create(user=alice, clinic=clinic_a, name="script")
    bearer = {"authorization": f"Bearer {key}"}
    assert client.get(f"/api/v1/patients/{patient_a.pseudonym}", headers=bearer).status_code == 200
    assert client.get(f"/api/v1/patients/{patient_b.pseudonym}", headers=bearer).status_code == 404
