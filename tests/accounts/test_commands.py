from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
def test_optimize_database_refreshes_the_planner_statistics() -> None:
    out = StringIO()
    call_command("optimize_database", stdout=out)
    assert "statistics refreshed" in out.getvalue()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_an_api_token_is_created_once_and_can_be_revoked(
    client: object, alice: object, clinic_a: object
) -> None:
    from django.test import Client

    out = StringIO()
    call_command("api_token", "create", "alice", "a", "--name", "nightly", stdout=out)
    key = out.getvalue().strip()
    assert key.startswith("mdk_")
    assert isinstance(client, Client)
    assert client.get("/api/v1/patients", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    call_command("api_token", "revoke", "alice", "a", "--name", "nightly", stdout=StringIO())
    assert client.get("/api/v1/patients", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


@pytest.mark.django_db
def test_a_token_for_a_clinic_the_person_is_not_in_is_refused(alice: object, clinic_b: object) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a member"):
        call_command("api_token", "create", "alice", "b", stdout=StringIO())
