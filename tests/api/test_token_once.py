"""A bearer token is looked up once per request (the scope middleware's answer is reused)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mesodesk.accounts.models import ApiToken, Clinic
from mesodesk.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def token_lookups(client: Client, key: str) -> tuple[int, int]:
    table = ApiToken._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(
            "/api/v1/appointments", {"start": "2031-01-06"}, HTTP_AUTHORIZATION=f"Bearer {key}"
        )
    return answer.status_code, sum(f'"{table}"' in q["sql"] for q in queries.captured_queries)


def test_a_valid_token_is_looked_up_once(client: Client, alice: Any, clinic_a: Clinic) -> None:
    _, key = api_token_create(user=alice, clinic=clinic_a, name="script")
    assert token_lookups(client, key) == (200, 1)


def test_an_unknown_token_is_looked_up_once_and_refused(client: Client) -> None:
    assert token_lookups(client, "not-a-token") == (401, 1)
