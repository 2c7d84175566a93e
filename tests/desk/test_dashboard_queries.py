"""The dashboard's queries do not grow with the patients it names and screens."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from mesodesk.accounts.models import Clinic
from mesodesk.patients.history import HistoryAnswers, history_update
from tests.conftest import make_patient, signed_in
from tests.desk.test_dashboard import at, book_session, section, wrinkles_course

pytestmark = pytest.mark.django_db


def seen_with_a_finding(clinic: Clinic, clinician: Any, count: int, offset: int) -> None:
    """`count` patients booked in the next days, each with a psoriasis nobody acknowledged."""
    today = timezone.localdate()
    with scope(clinic=clinic):
        for n in range(offset, offset + count):
            patient = make_patient(clinic, f"Seen{n}", "Sam")
            course = wrinkles_course(patient, clinician, today + datetime.timedelta(days=1))
            book_session(course, clinician, at(today + datetime.timedelta(days=1 + n // 8), 9 + n % 8))
            history_update(
                patient=patient, answers=HistoryAnswers(conditions=frozenset({"psoriasis"})), actor=clinician
            )


def test_screening_more_patients_costs_no_more_queries(
    client: Client, alice: Any, clinic_a: Clinic, django_assert_max_num_queries: Any
) -> None:
    seen_with_a_finding(clinic_a, alice, 1, 0)
    signed_in(client, alice).get("/")  # sessions and caches settle
    with django_assert_max_num_queries(QUERIES) as few:
        html = client.get("/").content.decode()
    assert section(html, "findings").count("Psoriasis") == 1
    seen_with_a_finding(clinic_a, alice, 7, 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/").content.decode()
    assert section(html, "findings").count("Psoriasis") == 8


QUERIES = 24 + (connection.vendor == "postgresql")  # named in tests/desk/test_dashboard.py


def test_the_dashboard_reads_only_the_columns_it_shows(client: Client, alice: Any, clinic_a: Clinic) -> None:
    """The appointments and the findings it screens are read with the columns the page shows,
    audits and screens: not the patients' contact and notes, nor the clinicians' passwords
    (the dashboard's processor time, docs/performance.md)."""
    seen_with_a_finding(clinic_a, alice, 2, 0)
    signed_in(client, alice).get("/")
    with CaptureQueriesContext(connection) as seen:
        html = client.get("/").content.decode()
    assert section(html, "findings").count("Psoriasis") == 2
    assert section(html, "appointments").count("SEEN") == 2
    reads = [q["sql"] for q in seen.captured_queries if q["sql"].startswith("SELECT")]
    wide = [sql for sql in reads if "scheduling_appointment" in sql or "courses_course" in sql]
    wide = [sql for sql in wide if '"patients_patient"."notes"' in sql or '"password"' in sql]
    assert wide == []
