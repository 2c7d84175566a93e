"""Charting is the injection: a record opens only on a session started behind the gates.
Opening the record of an appointment not yet started starts it, and a blocked gate refuses
both, naming why, with nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mesodesk.charting.models import SessionRecord
from mesodesk.charting.services import record_open
from mesodesk.courses.models import Course
from mesodesk.patients.models import Patient
from tests.conftest import signed_in
from tests.scheduling.conftest import ready_for_mesotherapy
from tests.scheduling.services.test_appointment_start import booked_today, consent_signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def today_course(patient_a: Patient, alice: Any) -> Course:
    return ready_for_mesotherapy(patient_a, alice, start=timezone.localdate())


def test_a_record_opens_on_a_session_that_passes_its_gates_and_starts_it(
    today_course: Course,
    patient_a: Patient,
    alice: Any,
) -> None:
    consent_signed(patient_a, alice)
    appointment = booked_today(today_course, alice)
    assert appointment.started_at is None
    with scope(clinic=patient_a.clinic):
        record = record_open(appointment=appointment, by=alice)
    appointment.refresh_from_db()
    assert record.appointment_id == appointment.pk and appointment.started_at is not None


def test_without_a_consent_no_record_opens_and_the_session_is_not_started(
    today_course: Course,
    patient_a: Patient,
    alice: Any,
) -> None:
    appointment = booked_today(today_course, alice)
    with scope(clinic=patient_a.clinic), pytest.raises(ValidationError) as refused:
        record_open(appointment=appointment, by=alice)
    assert "consent" in " ".join(refused.value.messages).lower()
    appointment.refresh_from_db()
    with scopes_disabled():
        assert appointment.started_at is None and not SessionRecord.objects.exists()


def test_the_page_says_why_the_record_did_not_open(
    client: Client,
    today_course: Course,
    patient_a: Patient,
    alice: Any,
) -> None:
    appointment = booked_today(today_course, alice)
    response = signed_in(client, alice).post(f"/charting/appointments/{appointment.pk}/", follow=True)
    html = response.content.decode()
    assert "consent" in html.lower() and "consent_missing" not in html
    with scopes_disabled():
        assert not SessionRecord.objects.exists()
