"""Starting a session runs the booking's gates again, now, with the consent required."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_scopes import scope

from mesodesk.accounts.models import AuditEvent
from mesodesk.courses.models import Course
from mesodesk.patients.consent import consent_sign
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Appointment
from mesodesk.scheduling.services import BookingBlocked, appointment_book
from mesodesk.scheduling.services_start import appointment_start
from tests.conftest import signed_in
from tests.patients.helpers import signature_data_url
from tests.scheduling.conftest import at, ready_for_mesotherapy

pytestmark = pytest.mark.django_db


def consent_signed(patient: Patient, actor: Any) -> None:
    with scope(clinic=patient.clinic):
        consent_sign(
            patient=patient, actor=actor, indication="hair_loss", typed_name="Claire Martin",
            signature=signature_data_url(), photo_scope="record",
        )  # fmt: skip


def booked_today(course: Course, actor: Any) -> Appointment:
    # Midnight today on the clinic's clock: a booking for today whatever the hour the test runs.
    start = at(timezone.localdate(), 0, 0)
    with scope(clinic=course.clinic):
        return appointment_book(
            patient=course.patient, clinician=actor, start=start, end=start + datetime.timedelta(minutes=30),
            actor=actor, course_session=course.sessions.get(number=1),
        )  # fmt: skip


@pytest.fixture
def today_course(patient_a: Patient, alice: Any) -> Course:
    return ready_for_mesotherapy(patient_a, alice, start=timezone.localdate())


def test_a_session_whose_gates_pass_is_started_and_audited(
    today_course: Course, patient_a: Patient, alice: Any
) -> None:
    consent_signed(patient_a, alice)
    appointment = booked_today(today_course, alice)
    with scope(clinic=patient_a.clinic):
        started = appointment_start(appointment=appointment, actor=alice)
    assert started.started_at is not None
    assert started.started_by == alice.username
    line = AuditEvent.objects.filter(object_type="appointment", object_id=str(appointment.pk)).last()
    assert line is not None and line.detail["what"] == "started"


def test_starting_twice_starts_once(today_course: Course, patient_a: Patient, alice: Any) -> None:
    consent_signed(patient_a, alice)
    appointment = booked_today(today_course, alice)
    with scope(clinic=patient_a.clinic):
        first = appointment_start(appointment=appointment, actor=alice)
        second = appointment_start(appointment=appointment, actor=alice)
    assert first.started_at == second.started_at
    assert AuditEvent.objects.filter(detail__what="started").count() == 1


def test_a_missing_consent_booked_with_a_warning_blocks_the_start(
    today_course: Course, patient_a: Patient, alice: Any
) -> None:
    appointment = booked_today(today_course, alice)
    assert [g["level"] for g in appointment.gates if g["code"] == "consent_missing"] == ["warning"]
    with scope(clinic=patient_a.clinic), pytest.raises(BookingBlocked) as refused:
        appointment_start(appointment=appointment, actor=alice)
    assert [f.code for f in refused.value.findings if f.level == "blocked"] == ["consent_missing"]
    appointment.refresh_from_db()
    assert appointment.started_at is None
    assert appointment.blocked  # the calendar and the dashboard show why


def test_a_contraindication_recorded_after_booking_blocks_the_start(
    today_course: Course, patient_a: Patient, alice: Any
) -> None:
    consent_signed(patient_a, alice)
    appointment = booked_today(today_course, alice)
    with scope(clinic=patient_a.clinic):
        history_update(
            patient=patient_a, answers=HistoryAnswers(conditions=frozenset({"pregnancy"})), actor=alice
        )
        with pytest.raises(BookingBlocked) as refused:
            appointment_start(appointment=appointment, actor=alice)
    assert "screening_contraindicated" in [f.code for f in refused.value.findings if f.level == "blocked"]
    appointment.refresh_from_db()
    assert appointment.started_at is None


def test_only_todays_appointment_is_started(patient_a: Patient, alice: Any) -> None:
    course = ready_for_mesotherapy(patient_a, alice, start=timezone.localdate() + datetime.timedelta(days=1))
    consent_signed(patient_a, alice)
    tomorrow = at(timezone.localdate() + datetime.timedelta(days=1))
    with scope(clinic=patient_a.clinic):
        appointment = appointment_book(
            patient=patient_a, clinician=alice, start=tomorrow, end=tomorrow + datetime.timedelta(minutes=30),
            actor=alice, course_session=course.sessions.get(number=1),
        )  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            appointment_start(appointment=appointment, actor=alice)
    assert "start" in refused.value.message_dict


def test_an_assistant_does_not_start_a_mesotherapy_session(
    today_course: Course, patient_a: Patient, alice: Any, bob: Any
) -> None:
    consent_signed(patient_a, alice)
    appointment = booked_today(today_course, alice)
    with scope(clinic=patient_a.clinic), pytest.raises(ValidationError):
        appointment_start(appointment=appointment, actor=bob)


def test_the_dashboard_starts_todays_session_and_says_why_not(
    client: Client, today_course: Course, patient_a: Patient, alice: Any
) -> None:
    appointment = booked_today(today_course, alice)
    signed_in(client, alice)
    dashboard = client.get("/").content.decode()
    assert f'action="/calendar/appointments/{appointment.pk}/start/"' in dashboard
    refused = client.post(
        f"/calendar/appointments/{appointment.pk}/start/", {"back": "dashboard"}, follow=True
    )
    assert refused.redirect_chain[-1][0] == "/"
    assert "Not started: Consent missing." in refused.content.decode()
    consent_signed(patient_a, alice)
    started = client.post(
        f"/calendar/appointments/{appointment.pk}/start/", {"back": "dashboard"}, follow=True
    )
    page = started.content.decode()
    assert "Session started at" in page
    assert "Start the session</button>" not in page


def test_the_calendars_list_offers_the_start_and_other_roles_or_clinics_cannot(
    client: Client, today_course: Course, patient_a: Patient, alice: Any, carol: Any, charlie: Any
) -> None:
    consent_signed(patient_a, alice)
    appointment = booked_today(today_course, alice)
    url = f"/calendar/appointments/{appointment.pk}/start/"
    signed_in(client, alice)
    assert f'action="{url}"' in client.get(f"/calendar/?view=day&day={timezone.localdate()}").content.decode()
    signed_in(client, charlie)
    assert client.post(url).status_code == 404
    signed_in(client, carol)
    assert client.post(url).status_code == 403
    appointment.refresh_from_db()
    assert appointment.started_at is None


def test_the_api_starts_todays_session_or_answers_409_with_the_gates(
    client: Client, today_course: Course, patient_a: Patient, alice: Any, carol: Any, charlie: Any
) -> None:
    appointment = booked_today(today_course, alice)
    url = f"/api/v1/appointments/{appointment.pk}/start"
    signed_in(client, charlie)
    assert client.post(url).status_code == 404
    signed_in(client, carol)
    assert client.post(url).status_code == 403
    signed_in(client, alice)
    refused = client.post(url)
    assert refused.status_code == 409
    assert [g["code"] for g in refused.json()["gates"] if g["level"] == "blocked"] == ["consent_missing"]
    consent_signed(patient_a, alice)
    started = client.post(url)
    assert started.status_code == 200
    assert started.json()["started_at"] is not None
