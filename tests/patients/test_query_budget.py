"""Hot pages answer in a fixed number of queries, however many patients a clinic has."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Membership
from mesodesk.demo.generate import generate
from tests.conftest import make_patient, signed_in

pytestmark = pytest.mark.django_db


def _queries(client: Client, path: str, **params: str) -> int:
    client.get(path, params)  # the first request of a session also writes its idle clock
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params).status_code == 200
    return len(captured)


def test_the_patient_list_costs_the_same_for_3_or_60_patients(
    client: Client, alice: Any, clinic_a: Any
) -> None:
    signed_in(client, alice)
    for i in range(3):
        make_patient(clinic_a, family=f"Few{i:02d}")
    few = _queries(client, "/patients/")
    # A generated clinic of 60 patients with their histories, courses and signed sessions.
    generate(size="s", patients=60, progress=False)
    with scopes_disabled():
        clinician = Membership.objects.get(clinic__slug="gen1-1", user__username="gen1-1-clinician-1").user
    many = _queries(signed_in(Client(), clinician), "/patients/")
    # session, user, membership (scope), count, membership (navigation), one page of patients,
    # and the audit of the names shown in one go (savepoints, the chain's last hash, the first
    # row, the others together; PostgreSQL also takes the chain's lock)
    assert few == many <= 14


def test_a_search_costs_the_same_as_the_list(client: Client, alice: Any, clinic_a: Any) -> None:
    signed_in(client, alice)
    for i in range(20):
        make_patient(clinic_a, family=f"Martin{i:02d}")
    assert _queries(client, "/patients/", q="Mart") <= 14


def test_the_patient_page_does_not_grow_with_the_allergies_reported(
    client: Client, alice: Any, clinic_a: Any, patient_a: Any
) -> None:
    from django_scopes import scope

    from mesodesk.patients.history import HistoryAnswers, history_update

    signed_in(client, alice)
    path, screening = (
        f"/patients/{patient_a.pseudonym}/",
        {"indication": "hair_loss", "formulation": "mesohair"},
    )
    with scope(clinic=clinic_a):
        history_update(patient=patient_a, answers=HistoryAnswers(other_allergies=("latex",)), actor=alice)
    one = _queries(client, path, **screening)
    with scope(clinic=clinic_a):
        more = tuple(f"pollen {i}" for i in range(6))
        history_update(patient=patient_a, answers=HistoryAnswers(other_allergies=more), actor=alice)
    seven = _queries(client, path, **screening)
    # session, user, membership, patient, the read's audit line (3), history (twice: page and
    # screening), unreviewed allergies, acknowledgements, consents (twice), navigation,
    # reported allergies, courses, the documents handed out
    assert one == seven <= 19  # one more on PostgreSQL: the audit chain's advisory lock
