"""Patient reads from many threads at once, each on its own database connection, on the
suite's database (SQLite, or PostgreSQL when DATABASE_URL names it): none fails with
"database is locked", every read answered has its audit line, and every chain still holds."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import OperationalError, connections
from django.test import Client
from django_scopes import scopes_disabled

from mesodesk.accounts.audit import audit_verify
from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.accounts.services import api_token_create
from tests.conftest import make_member, make_patient
from tests.inventory.test_concurrent_draws import _triggers_back_after_the_flush, committed  # noqa: F401

THREADS = 8
READS_EACH = 12


def _read_in_thread(key: str, pseudonyms: list[str], start: threading.Barrier) -> list[str]:
    outcomes = []
    try:
        client = Client(headers={"authorization": f"Bearer {key}"})
        start.wait()
        for pseudonym in pseudonyms:
            try:
                answer = client.get(f"/api/v1/patients/{pseudonym}")
                outcomes.append(str(answer.status_code))
            except Exception as failure:  # noqa: BLE001 - the test counts every kind of failure
                outcomes.append(repr(failure))
        return outcomes
    finally:
        connections.close_all()


def test_concurrent_reads_of_two_clinics_all_answer_and_all_are_audited(
    committed: None,  # noqa: F811
    django_user_model: Any,
    clinic_a: Clinic,
    clinic_b: Clinic,
) -> None:
    clinics = [clinic_a, clinic_b]
    keys, patients = [], []
    for number in range(THREADS):
        clinic = clinics[number % 2]
        user = make_member(django_user_model, f"reader{number}", clinic, "clinician")
        keys.append(api_token_create(user=user, clinic=clinic, name="reads")[1])
        patients.append(
            [make_patient(clinic, family=f"Reader{number}-{i}").pseudonym for i in range(READS_EACH)]
        )
    start = threading.Barrier(THREADS)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = [
            outcome
            for each in pool.map(lambda n: _read_in_thread(keys[n], patients[n], start), range(THREADS))
            for outcome in each
        ]

    assert outcomes == ["200"] * THREADS * READS_EACH
    with scopes_disabled():
        for clinic in clinics:
            lines = AuditEvent.objects.filter(clinic_id=clinic.pk, action="read", object_type="patient")
            assert lines.count() == THREADS // 2 * READS_EACH, clinic.name
    assert audit_verify().intact


@pytest.mark.django_db
def test_a_read_whose_audit_line_cannot_be_written_answers_no_record(
    client: Client, django_user_model: Any, clinic_a: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_member(django_user_model, "reader", clinic_a, "clinician")
    key = api_token_create(user=user, clinic=clinic_a, name="reads")[1]
    patient = make_patient(clinic_a, family="Unaudited")

    def locked(**_: Any) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr("mesodesk.accounts.audit.audit_record", locked)
    answer = client.get(f"/api/v1/patients/{patient.pseudonym}", headers={"authorization": f"Bearer {key}"})
    assert answer.status_code == 503
    assert answer.json() == {"detail": "The database is busy or unavailable; try again"}
    assert b"Unaudited" not in answer.content
