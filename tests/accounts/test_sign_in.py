from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client

from mesodesk.accounts.models import AuditEvent
from tests.conftest import PASSWORD, signed_in


@pytest.mark.django_db
def test_a_clinician_signs_in_sees_the_dashboard_and_signs_out(client: Client, alice: object) -> None:
    response = client.post("/sign-in/", {"username": "alice", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert b"Clinique A" in response.content and b"Dashboard" in response.content
    response = client.post("/sign-out/", follow=True)
    assert b"You are signed out." in response.content
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_message(client: Client, alice: object) -> None:
    response = client.post("/sign-in/", {"username": "alice", "password": "not the password"})
    assert response.status_code == 200
    assert b"Please enter a correct" in response.content


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(alice: object) -> None:
    assert alice.password.startswith("argon2")  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_idle_time_out_signs_the_user_out(client: Client, alice: object) -> None:
    signed_in(client, alice)
    assert client.get("/").status_code == 200
    session = client.session
    session["last_seen"] = time.time() - settings.IDLE_TIMEOUT_SECONDS - 1
    session.save()
    response = client.get("/patients/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/?idle=1")
    assert client.get("/").status_code == 302, "still signed in after the idle time-out"
    assert AuditEvent.objects.filter(action="sign_out", detail__reason="idle").exists()


@pytest.mark.django_db
def test_activity_within_the_limit_keeps_the_session(client: Client, alice: object) -> None:
    signed_in(client, alice)
    client.get("/")
    session = client.session
    session["last_seen"] = time.time() - settings.IDLE_TIMEOUT_SECONDS + 30
    session.save()
    assert client.get("/patients/").status_code == 200


NAVIGATION = {
    "alice": {"Patients", "Knowledge"},
    "bob": {"Patients", "Knowledge"},
    "carol": {"Knowledge", "Administration"},
    "nina": {"Knowledge"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(NAVIGATION))
def test_navigation_follows_the_role(client: Client, who: str, request: pytest.FixtureRequest) -> None:
    signed_in(client, request.getfixturevalue(who))
    html = client.get("/").content.decode()
    for title in ("Patients", "Knowledge", "Administration"):
        assert (f">{title}</a>" in html) is (title in NAVIGATION[who]), title


@pytest.mark.django_db
def test_roles_without_patient_access_are_refused_patient_pages(
    client: Client, carol: object, nina: object
) -> None:
    for user in (carol, nina):
        signed_in(client, user)
        assert client.get("/patients/").status_code == 403
        assert client.get("/api/v1/patients").status_code == 403
