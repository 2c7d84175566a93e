"""The findings to acknowledge are screened for the patients the dashboard lists, the reader's
own first: they name nobody the page does not already name (issue 15)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope

from mesodesk.accounts.models import AuditEvent, Clinic, Role
from mesodesk.patients.history import HistoryAnswers, history_update
from tests.conftest import make_member, make_patient, signed_in
from tests.desk.test_dashboard import at, book_session, section, wrinkles_course

pytestmark = pytest.mark.django_db


def booked_with_a_finding(clinic: Clinic, clinician: Any, family: str, when: datetime.datetime) -> None:
    """A patient of `clinician` booked at `when`, with a psoriasis nobody acknowledged."""
    with scope(clinic=clinic):
        patient = make_patient(clinic, family, "Sam")
        course = wrinkles_course(patient, clinician, timezone.localdate())
        book_session(course, clinician, when)
        history_update(
            patient=patient, answers=HistoryAnswers(conditions=frozenset({"psoriasis"})), actor=clinician
        )


def test_the_readers_own_patient_is_screened_before_another_clinicians_seen_sooner(
    client: Client,
    alice: Any,
    clinic_a: Clinic,
    django_user_model: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("mesodesk.desk.selectors.FINDINGS_MAX_COURSES", 1)
    other = make_member(django_user_model, "dora", clinic_a, Role.CLINICIAN)
    today = timezone.localdate()
    booked_with_a_finding(clinic_a, other, "Sooner", at(today, 9))
    booked_with_a_finding(clinic_a, alice, "Mine", at(today + datetime.timedelta(days=1), 17))
    findings = section(signed_in(client, alice).get("/").content.decode(), "findings")
    assert "MINE Sam" in findings
    assert "SOONER" not in findings


def test_a_patient_seen_later_in_the_week_is_not_named_by_the_findings(
    client: Client, alice: Any, clinic_a: Clinic
) -> None:
    """Seen in three days: not listed among today's and tomorrow's appointments, so not screened,
    named or audited by the dashboard; the patient's own page still screens them."""
    today = timezone.localdate()
    booked_with_a_finding(clinic_a, alice, "Tomorrow", at(today + datetime.timedelta(days=1), 10))
    booked_with_a_finding(clinic_a, alice, "Later", at(today + datetime.timedelta(days=3), 10))
    html = signed_in(client, alice).get("/").content.decode()
    findings = section(html, "findings")
    assert "TOMORROW Sam" in findings
    assert "LATER" not in html
    audited = AuditEvent.objects.filter(action="read", actor="alice", detail__where="dashboard")
    assert audited.count() == 1, "one line, for the one patient the page names"
