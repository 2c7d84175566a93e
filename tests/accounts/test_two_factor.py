"""Two-factor sign-in: required for clinic administrators and network analysts, optional for
the others, with recovery codes; API bearer tokens are left alone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mesodesk.accounts.models import AuditEvent
from mesodesk.accounts.services import api_token_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The app's code now (or a step ahead: a code already used is refused, and the device
    accepts one step of drift)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, drift=device.drift + steps_ahead):06d}"


def password_step(client: Client, username: str) -> Any:
    return client.post("/sign-in/", {"username": username, "password": PASSWORD})


def enrol(client: Client) -> tuple[TOTPDevice, list[str]]:
    """Through the set-up page, as a person would: the QR code, then the first code."""
    page = client.get("/account/two-factor/setup/").content.decode()
    assert "<svg" in page and 'id="totp-secret"' in page
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/account/two-factor/setup/", {"code": code_of(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    return device, codes


def test_a_clinic_admin_is_sent_to_set_up_two_factor_before_anything_else(client: Client, carol: Any) -> None:
    assert password_step(client, "carol")["Location"] == "/"
    for path in ("/", "/administration/audit/", "/knowledge/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/account/two-factor/setup/", path
    api = client.get("/api/v1/appointments")
    assert api.status_code == 403 and api.json()["detail"] == "Set up two-factor sign-in first"
    setup = client.get("/account/two-factor/setup/")
    assert setup.status_code == 200 and "Set it up now to go on" in setup.content.decode()


def test_enrolment_confirms_a_code_then_shows_ten_recovery_codes_once(client: Client, carol: Any) -> None:
    password_step(client, "carol")
    client.get("/account/two-factor/setup/")
    device = TOTPDevice.objects.get(user=carol)
    wrong = client.post(
        "/account/two-factor/setup/", {"code": "000000" if code_of(device) != "000000" else "111111"}
    )
    assert (
        wrong.status_code == 422
        and "Code: This code is not the one your app shows now" in wrong.content.decode()
    )
    device.refresh_from_db()
    assert not device.confirmed
    # django-otp slows the next try after a miss: let the device forget it.
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post("/account/two-factor/setup/", {"code": code_of(device)})
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=carol).count() == 10
    assert client.get("/").status_code == 200, "this session has proven the second factor"
    assert AuditEvent.objects.filter(action="two_factor_added", actor_id=carol.pk).count() == 1
    page = client.get("/account/two-factor/").content.decode()
    assert "You have 10 recovery codes left." in page and "codes" not in "".join(codes)
    assert not any(code in page for code in codes), "shown once only"


def test_with_a_device_the_sign_in_asks_for_the_code_after_the_password(client: Client, carol: Any) -> None:
    password_step(client, "carol")
    device, _ = enrol(client)
    client.post("/sign-out/")
    response = password_step(client, "carol")
    assert response["Location"] == "/sign-in/code/"
    assert client.get("/").status_code == 302, "the password alone does not sign in"
    assert "Sign-in code" in client.get("/sign-in/code/").content.decode()
    response = client.post("/sign-in/code/", {"code": code_of(device, steps_ahead=1)})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_recovery_code_signs_in_once_and_is_audited(client: Client, carol: Any) -> None:
    password_step(client, "carol")
    _, codes = enrol(client)
    client.post("/sign-out/")
    password_step(client, "carol")
    assert client.post("/sign-in/code/", {"code": codes[0].upper()})["Location"] == "/"
    used = AuditEvent.objects.get(action="recovery_used")
    assert used.actor_id == carol.pk and used.detail == {"left": 9}
    client.post("/sign-out/")
    password_step(client, "carol")
    again = client.post("/sign-in/code/", {"code": codes[0]})
    assert again.status_code == 422 and "This code is not valid" in again.content.decode()


def test_five_wrong_codes_send_back_to_the_password(client: Client, alice: Any) -> None:
    signed = client.post("/sign-in/", {"username": "alice", "password": PASSWORD})
    assert signed["Location"] == "/"
    enrol(client)
    client.post("/sign-out/")
    password_step(client, "alice")
    for _ in range(4):
        assert client.post("/sign-in/code/", {"code": "abcdefgh"}).status_code == 422
    response = client.post("/sign-in/code/", {"code": "abcdefgh"}, follow=True)
    assert "Too many wrong codes. Please sign in again." in response.content.decode()
    assert AuditEvent.objects.filter(action="failed_sign_in", detail__step="code").count() == 5


def test_a_clinician_signs_in_without_two_factor_and_may_turn_it_on_and_off(
    client: Client, alice: Any
) -> None:
    assert password_step(client, "alice")["Location"] == "/"
    assert client.get("/").status_code == 200
    assert "is off" in client.get("/account/two-factor/").content.decode()
    device, codes = enrol(client)
    assert "is on" in client.get("/account/two-factor/").content.decode()
    refused = client.post("/account/two-factor/off/", {"code": "zzzzzzzz"})
    assert refused.status_code == 422 and TOTPDevice.objects.filter(user=alice).exists()
    assert client.post("/account/two-factor/off/", {"code": codes[1]}).status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert AuditEvent.objects.filter(action="two_factor_removed", actor_id=alice.pk).count() == 1
    client.post("/sign-out/")
    assert password_step(client, "alice")["Location"] == "/"


def test_a_clinic_admin_cannot_turn_two_factor_off(client: Client, carol: Any) -> None:
    password_step(client, "carol")
    _, codes = enrol(client)
    assert client.post("/account/two-factor/off/", {"code": codes[0]}).status_code == 403
    assert TOTPDevice.objects.filter(user=carol, confirmed=True).exists()


def test_new_recovery_codes_replace_the_old_ones(client: Client, alice: Any) -> None:
    password_step(client, "alice")
    _, old = enrol(client)
    response = client.post("/account/two-factor/recovery-codes/")
    new = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert AuditEvent.objects.filter(action="recovery_renewed").count() == 1


def test_an_api_token_is_not_asked_for_a_second_factor(client: Client, carol: Any) -> None:
    _, key = api_token_create(user=carol, clinic=carol.memberships.get().clinic, name="script")
    response = client.get("/api/v1/appointments?start=2030-03-04", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200, response.content


def test_an_analyst_is_held_too(client: Client, nina: Any) -> None:
    password_step(client, "nina")
    assert client.get("/")["Location"] == "/account/two-factor/setup/"


def test_one_person_never_reaches_another_persons_set_up(client: Client, alice: Any, charlie: Any) -> None:
    alice_client = Client()
    password_step(alice_client, "alice")
    alices = alice_client.get("/account/two-factor/setup/").content.decode()
    alice_device = TOTPDevice.objects.get(user=alice)
    password_step(client, "charlie")
    charlies = client.get("/account/two-factor/setup/").content.decode()
    secret = re.compile(r'id="totp-secret">([A-Z2-7 ]+)<')
    assert secret.search(alices).group(1) != secret.search(charlies).group(1)  # type: ignore[union-attr]
    # Alice's code typed into Charlie's set-up (clinic B) turns nothing on for either of them.
    response = client.post("/account/two-factor/setup/", {"code": code_of(alice_device)})
    assert response.status_code == 422
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
