"""The calendar's events feed costs the same queries for three patients or twelve: the names
it shows are audited in one batch (accounts.audit.audit_record_many)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.audit import audit_verify
from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.scheduling.services import appointment_book
from tests.audit_reads import patients_audited
from tests.conftest import make_patient, signed_in
from tests.scheduling.conftest import at
from tests.scheduling.test_calendar_views import events

pytestmark = pytest.mark.django_db


def booked(clinic: Clinic, clinician: Any, day: datetime.date, count: int, offset: int) -> None:
    with scope(clinic=clinic):
        for n in range(offset, offset + count):
            patient = make_patient(clinic, family=f"Family{n}")
            when = day + datetime.timedelta(days=n // 8)
            appointment_book(
                patient=patient, clinician=clinician, actor=clinician, kind="iontophoresis",
                start=at(when, 8 + n % 8), end=at(when, 8 + n % 8, 45),
            )  # fmt: skip


def test_the_events_feed_audits_every_patient_named_in_constant_queries(
    client: Client, alice: Any, clinic_a: Clinic, start_day: datetime.date, django_assert_max_num_queries: Any
) -> None:
    start_day -= datetime.timedelta(days=start_day.weekday())  # a Monday: the whole week is asked
    booked(clinic_a, alice, start_day, 3, 0)
    signed_in(client, alice)
    events(client, start_day)  # the first request of a session does more (its session, its user)
    # Session, user, membership, appointments, the audit's listing (savepoint, last hash, its line,
    # its patients, release; PostgreSQL also takes the chain's lock).
    with django_assert_max_num_queries(9 + (connection.vendor == "postgresql")) as few:
        assert len(events(client, start_day)) == 3
    booked(clinic_a, alice, start_day, 9, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(events(client, start_day)) == 12
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="read", detail__via="calendar").count() == 3, (
            "a line a request"
        )
        assert len(patients_audited(detail__via="calendar")) == 3 + 3 + 12
    assert audit_verify().intact


def test_the_calendar_week_reverses_its_links_once_however_many_appointments(
    client: Client, alice: Any, clinic_a: Clinic, start_day: datetime.date, monkeypatch: Any
) -> None:
    """The week's list links each appointment to its patient, its move, its cancel and its .ics:
    the URL resolver is walked a fixed number of times per page, not five times per row (the
    page's processor time under load, docs/performance.md)."""
    from django import urls

    from mesodesk.accounts import links

    start_day -= datetime.timedelta(days=start_day.weekday())
    week = f"/calendar/?week={start_day.isoformat()}"
    signed_in(client, alice)
    booked(clinic_a, alice, start_day, 3, 0)
    client.get(week)
    calls: list[str] = []
    real_reverse = urls.reverse

    def counted(*args: Any, **kwargs: Any) -> str:
        calls.append(str(args[0]))
        return real_reverse(*args, **kwargs)

    for module in (urls, urls.base, links):
        monkeypatch.setattr(module, "reverse", counted)  # {% url %} imports it when it renders
    assert client.get(week).content.count(b'class="appointment"') == 3
    few = len(calls)
    booked(clinic_a, alice, start_day, 9, 3)
    calls.clear()
    assert client.get(week).content.count(b'class="appointment"') == 12
    assert len(calls) == few


def test_the_events_feed_reads_only_the_columns_it_shows(
    client: Client, alice: Any, clinic_a: Clinic, start_day: datetime.date
) -> None:
    """A week is some 300 events: the feed reads the few columns each event shows, not whole
    patients (their date of birth, notes, contact) and whole sessions (docs/performance.md)."""
    start_day -= datetime.timedelta(days=start_day.weekday())
    booked(clinic_a, alice, start_day, 2, 0)
    signed_in(client, alice)
    with CaptureQueriesContext(connection) as seen:
        found = events(client, start_day)
    assert [e["extendedProps"]["patient"] for e in found] == ["Claire Family0", "Claire Family1"]
    read = next(q["sql"] for q in seen.captured_queries if "scheduling_appointment" in q["sql"])
    for column in ("date_of_birth", "notes", "phone", "email", "password", "earliest"):
        assert column not in read, column
