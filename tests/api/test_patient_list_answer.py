"""GET /api/v1/patients: the answer PatientOut gives, byte for byte, at a cost that does not
grow per row beyond the row itself (issue 15; docs/performance.md, API reads)."""

from __future__ import annotations

import cProfile
import datetime
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from ninja.responses import NinjaJSONEncoder

from mesodesk.accounts.audit import audit_verify
from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.accounts.services import api_token_create
from mesodesk.patients.api import PatientOut
from mesodesk.patients.models import Patient
from tests.audit_reads import patients_audited
from tests.conftest import make_patient

pytestmark = pytest.mark.django_db


def _token_client(user: Any, clinic: Clinic) -> Client:
    _, key = api_token_create(user=user, clinic=clinic, name="script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _patients(clinic: Clinic, count: int) -> None:
    for n in range(count):
        make_patient(
            clinic,
            family=["Müller", "Martin", "O'Brien", "Dupré"][n % 4] + f"{n:03d}",
            given=["Hélène", "Jean-Pierre", "Zoë", 'Ann "Nan"'][n % 4],
            date_of_birth=datetime.date(1950, 1, 1) + datetime.timedelta(days=397 * n),
            sex=["female", "male", "other", "unknown"][n % 4],
            email=f"p{n}@example.org" if n % 2 else "",
            phone="+33 1 23 45 67 89" if n % 3 else "",
            preferred_language=["en", "fr", "de"][n % 3],
            notes="Ligne 1\nLigne 2 — «ok» \\ \u2028 émoji 🙂" if n % 5 == 0 else "",
        )


def _as_patient_out(patients: list[Patient]) -> bytes:
    """What the list answered when ninja validated each Patient through PatientOut."""
    rows = [PatientOut.model_validate(p).model_dump() for p in patients]
    return json.dumps(rows, cls=NinjaJSONEncoder).encode()


@pytest.mark.parametrize(
    ("query", "offset"), [("", 1), ("mül", 0), ("jean", 1), ("1950-01-01", 0), ("zoe", 0)]
)
def test_the_list_and_a_search_answer_what_patientout_gives_byte_for_byte(
    alice: Any, clinic_a: Clinic, patient_b: Patient, query: str, offset: int
) -> None:
    _patients(clinic_a, 12)
    client = _token_client(alice, clinic_a)
    answer = client.get("/api/v1/patients", {"q": query, "offset": offset, "limit": 8})
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    shown = [row["id"] for row in answer.json()]
    with scopes_disabled():
        by_id = {p.pseudonym: p for p in Patient.objects.filter(pseudonym__in=shown)}
    assert shown, query
    assert answer.content == _as_patient_out([by_id[i] for i in shown])
    assert patient_b.pseudonym not in shown


def _list_cost(client: Client, limit: int) -> tuple[int, int]:
    """(queries, Python function calls) of one list answer of `limit` rows."""
    assert len(client.get("/api/v1/patients", {"limit": limit}).json()) == limit  # warm
    profile = cProfile.Profile()
    with CaptureQueriesContext(connection) as captured:
        profile.enable()
        answer = client.get("/api/v1/patients", {"limit": limit})
        profile.disable()
    assert len(answer.json()) == limit
    calls = sum(stat[1] for stat in profile.getstats())  # type: ignore[attr-defined]
    return len(captured), calls


def test_the_list_costs_the_same_queries_for_5_or_50_rows_and_little_python_per_row(
    alice: Any, clinic_a: Clinic
) -> None:
    _patients(clinic_a, 50)
    client = _token_client(alice, clinic_a)
    few_queries, few_calls = _list_cost(client, 5)
    many_queries, many_calls = _list_cost(client, 50)
    # token and membership, the page of patients, the audit (savepoint, the chain's last hash,
    # the listing's line, its patients, release; PostgreSQL also takes the chain's lock)
    assert few_queries == many_queries <= 7 + (connection.vendor == "postgresql")
    # Each row is read, audited and rendered: a few dozen calls (SQLite 21, PostgreSQL 39).
    # Through PatientOut's ORM wrapper and a model instance per row and per audit line it was
    # 430; with a signed audit line per row, 51 on SQLite and 92 on PostgreSQL (224 while those
    # lines went in as one long multi-row INSERT, whose placeholders psycopg split in Python on
    # every execution). Now a row is one id in the answer's listing and one listed-patient row.
    bound = 50 if connection.vendor == "postgresql" else 30
    assert (many_calls - few_calls) / 45 < bound
    # Every row shown was read, named by its answer's one listing, and the chain holds.
    assert AuditEvent.objects.filter(detail__where="api_patient_list").count() == 4
    assert len(patients_audited(detail__where="api_patient_list")) == 2 * (5 + 50)
    assert audit_verify().intact
