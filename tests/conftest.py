"""Shared people and places, after healthchecks' Alice, Bob and Charlie.

Alice is a clinician and Bob an assistant at Clinique A; Charlie is a clinician at
Clinique B, and should see nothing of A. Carol administers A; Nina is A's analyst.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from mesodesk.accounts.middleware import TWO_FACTOR_ROLES
from mesodesk.accounts.models import Clinic, Membership, Network, Role
from mesodesk.patients.models import Patient
from tests.live import live_env, live_server_url  # noqa: F401 - session fixtures for server and browser tests

PASSWORD = "correct horse battery"


@pytest.fixture
def network(db: Any) -> Network:
    return Network.objects.create(name="Test network")


@pytest.fixture
def clinic_a(network: Network) -> Clinic:
    return Clinic.objects.create(network=network, name="Clinique A", slug="a")


@pytest.fixture
def clinic_b(network: Network) -> Clinic:
    return Clinic.objects.create(network=network, name="Clinique B", slug="b")


def make_member(django_user_model: Any, username: str, clinic: Clinic, role: str) -> Any:
    user = django_user_model.objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(user=user, clinic=clinic, role=role)
    return user


@pytest.fixture
def alice(django_user_model: Any, clinic_a: Clinic) -> Any:
    return make_member(django_user_model, "alice", clinic_a, Role.CLINICIAN)


@pytest.fixture
def bob(django_user_model: Any, clinic_a: Clinic) -> Any:
    return make_member(django_user_model, "bob", clinic_a, Role.ASSISTANT)


@pytest.fixture
def carol(django_user_model: Any, clinic_a: Clinic) -> Any:
    return make_member(django_user_model, "carol", clinic_a, Role.CLINIC_ADMIN)


@pytest.fixture
def nina(django_user_model: Any, clinic_a: Clinic) -> Any:
    return make_member(django_user_model, "nina", clinic_a, Role.NETWORK_ANALYST)


@pytest.fixture
def charlie(django_user_model: Any, clinic_b: Clinic) -> Any:
    return make_member(django_user_model, "charlie", clinic_b, Role.CLINICIAN)


def make_patient(clinic: Clinic, family: str = "Martin", given: str = "Claire", **extra: Any) -> Patient:
    with scopes_disabled():
        return Patient.objects.create(
            clinic=clinic,
            family_name=family,
            given_name=given,
            date_of_birth=extra.pop("date_of_birth", datetime.date(1980, 5, 17)),
            **extra,
        )


@pytest.fixture
def patient_a(clinic_a: Clinic) -> Patient:
    return make_patient(clinic_a)


@pytest.fixture
def patient_b(clinic_b: Clinic) -> Patient:
    # The canary: no page or answer given to clinic A may ever contain it.
    return make_patient(clinic_b, family="Canary-7f3e", given="Zebulon")


def signed_in(client: Client, user: Any) -> Client:
    """Signed in as a browser would be: with the second factor proven where the role needs one."""
    client.force_login(user)
    if Membership.objects.filter(user=user, role__in=TWO_FACTOR_ROLES).exists():
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def unscoped() -> Iterator[None]:
    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _language_of_each_test_its_own() -> Iterator[None]:
    # A request with Accept-Language leaves its language active in the thread (Django's
    # LocaleMiddleware does not switch back); the next test's services would speak it.
    yield
    translation.deactivate()
