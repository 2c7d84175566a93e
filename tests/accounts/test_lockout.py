"""Sign-in lockout (django-axes): per name and per address, told when to retry, and storage
that stays small under a flood of failed sign-ins for names that belong to nobody."""

from __future__ import annotations

import datetime
import random
import string
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from mesodesk.accounts.models import AuditEvent, FailedSignInTally
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str, address: str = "127.0.0.1") -> Any:
    return client.post("/sign-in/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_fifty_wrong_passwords_then_the_right_one_is_refused(client: Client, alice: Any) -> None:
    for _ in range(50):
        sign_in(client, "alice", "not the password")
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session, "signed in despite the lockout"
    assert client.get("/").status_code == 302


def test_a_locked_out_person_is_told_when_to_retry(client: Client, alice: Any) -> None:
    for _ in range(5):
        sign_in(client, "alice", "not the password")
    response = sign_in(client, "alice", PASSWORD)
    html = response.content.decode()
    until = timezone.localtime(
        AccessAttempt.objects.latest("attempt_time").attempt_time
    ) + datetime.timedelta(minutes=15)
    assert response.status_code == 429 and 'role="alert"' in html
    assert f"try again at {until:%H:%M}" in html and "in about 15 minutes" in html
    assert 'name="password"' in html, "the form is still there"


def test_the_lockout_is_per_name_across_addresses(client: Client, alice: Any) -> None:
    for n in range(5):
        sign_in(client, "alice", "not the password", address=f"10.0.0.{n}")
    assert sign_in(client, "alice", PASSWORD, address="10.9.9.9").status_code == 429


def test_the_lockout_is_per_address_across_names(client: Client, alice: Any, bob: Any) -> None:
    for n in range(5):
        sign_in(client, f"nobody-{n}", "whatever", address="10.1.1.1")
    assert sign_in(client, "bob", PASSWORD, address="10.1.1.1").status_code == 429
    assert sign_in(client, "bob", PASSWORD, address="10.2.2.2").status_code == 302, (
        "another place is not locked"
    )


def test_after_the_cool_off_the_right_password_signs_in(client: Client, alice: Any) -> None:
    for _ in range(5):
        sign_in(client, "alice", "not the password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_the_lockout_message_speaks_french(client: Client, alice: Any) -> None:
    for _ in range(5):
        sign_in(client, "alice", "not the password")
    response = client.post(
        "/sign-in/", {"username": "alice", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 429 and "réessayez à" in response.content.decode()


def test_a_flood_for_random_unknown_names_stores_a_bounded_number_of_rows(client: Client) -> None:
    rng = random.Random(7)
    audit_before = AuditEvent.objects.count()
    for _ in range(2000):
        name = "".join(rng.choices(string.ascii_lowercase, k=12))
        response = sign_in(client, name, "guess", address="203.0.113.7")
        assert response.status_code in (200, 429)
    assert AccessAttempt.objects.count() <= 5
    assert FailedSignInTally.objects.count() <= 2, "one counter per address and hour"
    assert AuditEvent.objects.count() == audit_before, "no audit row for a name that is nobody's"
    # Two rows when the flood runs across the turn of an hour (seen in CI at midnight).
    tallies = FailedSignInTally.objects.all()
    assert {t.address for t in tallies} == {"203.0.113.7"}
    assert sum(t.unknown_names for t in tallies) == 2000


def test_a_failed_sign_in_for_a_real_person_is_audited_in_their_clinic(client: Client, alice: Any) -> None:
    sign_in(client, "alice", "not the password")
    event = AuditEvent.objects.get(action="failed_sign_in")
    assert event.actor_id == alice.pk and event.clinic_id == alice.memberships.get().clinic_id
    assert not FailedSignInTally.objects.exists()


def test_old_tallies_are_removed_as_new_hours_begin(client: Client) -> None:
    FailedSignInTally.objects.create(
        address="198.51.100.1", hour=timezone.now() - datetime.timedelta(days=91), unknown_names=9
    )
    sign_in(client, "nobody", "guess")
    assert list(FailedSignInTally.objects.values_list("address", flat=True)) == ["127.0.0.1"]
