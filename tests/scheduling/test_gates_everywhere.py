"""Issue 9: no way around the clinical gates, whichever path leads to an injection."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_scopes import scope

from mesodesk.courses.models import Course, CourseSession
from mesodesk.courses.services import course_create, course_session_record
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.models import Patient
from mesodesk.patients.screening import finding_acknowledge
from mesodesk.scheduling.models import Appointment
from mesodesk.scheduling.services import (
    BookingBlocked,
    SessionTaken,
    appointment_book,
    appointment_cancel,
    appointment_move,
)
from tests.conftest import signed_in
from tests.scheduling.conftest import at, history_taken, ready_for_mesotherapy

DAY = datetime.timedelta(days=1)


def ad_hoc(patient: Patient, actor: Any, when: datetime.datetime, kind: str = "mesotherapy") -> Appointment:
    return appointment_book(
        patient=patient,
        clinician=actor,
        start=when,
        end=when + datetime.timedelta(minutes=30),
        actor=actor,
        kind=kind,
    )


def codes(error: pytest.ExceptionInfo[BookingBlocked]) -> dict[str, str]:
    return {f.code: f.level for f in error.value.findings}


def post(client: Client, path: str, body: object) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


# One gate for every path to an injection


def test_an_ad_hoc_mesotherapy_booking_screens_a_pregnant_patient_and_refuses(
    course: Course, alice: Any, start_day: datetime.date
) -> None:
    with scope(clinic=course.clinic):
        history_update(
            patient=course.patient, answers=HistoryAnswers(conditions=frozenset({"pregnancy"})), actor=alice
        )
        with pytest.raises(BookingBlocked) as error:
            ad_hoc(course.patient, alice, at(start_day + 3 * DAY))
    assert codes(error)["screening_contraindicated"] == "blocked"


def test_an_ad_hoc_mesotherapy_booking_without_any_course_is_refused_with_a_clear_finding(
    patient_a: Patient, alice: Any
) -> None:
    history_taken(patient_a, alice)
    with scope(clinic=patient_a.clinic), pytest.raises(BookingBlocked) as error:
        ad_hoc(patient_a, alice, at(timezone.localdate() + 5 * DAY))
    assert codes(error) == {"course_needed": "blocked"}
    assert "needs a course" in str(error.value)


def test_a_maintenance_session_after_a_finished_course_is_screened_for_that_course(
    course: Course, alice: Any, start_day: datetime.date
) -> None:
    assert course.maintenance, "hair_loss_8 has maintenance sessions"
    with scope(clinic=course.clinic):
        course.sessions.update(status="done")
        maintenance = ad_hoc(course.patient, alice, at(start_day + 100 * DAY))
        assert not maintenance.blocked
        history_update(
            patient=course.patient, answers=HistoryAnswers(conditions=frozenset({"pregnancy"})), actor=alice
        )
        with pytest.raises(BookingBlocked) as error:
            ad_hoc(course.patient, alice, at(start_day + 101 * DAY))
    assert codes(error)["screening_contraindicated"] == "blocked"


def test_a_history_never_taken_blocks_mesotherapy_but_not_a_device_treatment(
    patient_a: Patient, alice: Any
) -> None:
    day = timezone.localdate() + 5 * DAY
    with scope(clinic=patient_a.clinic):
        with pytest.raises(BookingBlocked) as error:
            ad_hoc(patient_a, alice, at(day))
        assert codes(error)["history_missing"] == "blocked"
        assert error.value.findings[0].to_dict()["basis"] == "policy"
        device = ad_hoc(patient_a, alice, at(day, 14), kind="iontophoresis")
    assert device.pk and not device.blocked


def test_a_history_never_taken_gets_no_course(patient_a: Patient, alice: Any) -> None:
    with scope(clinic=patient_a.clinic), pytest.raises(ValidationError) as error:
        course_create(
            patient=patient_a, indication="hair_loss", protocol_code="hair_loss_8", formulation="mesohair",
            clinician=alice, start=timezone.localdate() + 3 * DAY, actor=alice,
        )  # fmt: skip
    assert "medical history first" in str(error.value)


def test_the_api_screens_an_ad_hoc_booking_too(client: Client, alice: Any, patient_a: Patient) -> None:
    ready_for_mesotherapy(patient_a, alice)
    with scope(clinic=patient_a.clinic):
        history_update(
            patient=patient_a, answers=HistoryAnswers(conditions=frozenset({"pregnancy"})), actor=alice
        )
    signed_in(client, alice)
    start = f"{timezone.localdate() + 4 * DAY}T10:00:00+01:00"
    refused = post(client, "/api/v1/appointments", {"patient": patient_a.pseudonym, "start": start})
    assert refused.status_code == 409
    assert "screening_contraindicated" in {g["code"] for g in refused.json()["gates"]}
    with scope(clinic=patient_a.clinic):
        assert not Appointment.objects.exists()


def test_moving_runs_the_gates_again(course: Course, alice: Any, start_day: datetime.date) -> None:
    with scope(clinic=course.clinic):
        appointment = appointment_book(
            patient=course.patient, clinician=alice, start=at(start_day), end=at(start_day, 10, 30),
            actor=alice, course_session=course.sessions.get(number=1),
        )  # fmt: skip
        history_update(
            patient=course.patient, answers=HistoryAnswers(conditions=frozenset({"pregnancy"})), actor=alice
        )
        with pytest.raises(BookingBlocked):
            appointment_move(
                appointment=appointment, start=at(start_day, 11), end=at(start_day, 11, 30), actor=alice
            )


# A contraindication recorded after booking


def test_a_contraindication_recorded_after_booking_flags_the_session_and_tells_the_clinician(
    client: Client,
    course: Course,
    alice: Any,
    start_day: datetime.date,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    type(alice).objects.filter(pk=alice.pk).update(email="alice@example.org")
    alice.refresh_from_db()
    with scope(clinic=course.clinic):
        appointment = appointment_book(
            patient=course.patient, clinician=alice, start=at(start_day), end=at(start_day, 10, 30),
            actor=alice, course_session=course.sessions.get(number=1),
        )  # fmt: skip
        assert not appointment.blocked
        with django_capture_on_commit_callbacks(execute=True):
            history_update(
                patient=course.patient,
                answers=HistoryAnswers(conditions=frozenset({"pregnancy"})),
                actor=alice,
            )
        appointment.refresh_from_db()
    assert appointment.blocked and appointment.gates_checked_at is not None
    assert "screening_contraindicated" in {g["code"] for g in appointment.gates}
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["alice@example.org"]
    assert course.patient.pseudonym in mailoutbox[0].subject
    assert "Contraindicated by the screening" in mailoutbox[0].body
    assert course.patient.family_name not in mailoutbox[0].body
    signed_in(client, alice)
    listed = client.get("/api/v1/appointments", {"start": start_day.isoformat(), "days": 1}).json()
    assert [a["blocked"] for a in listed] == [True]


def test_an_acknowledgement_clears_the_flag_again_and_sends_no_more_mail(
    course: Course,
    alice: Any,
    start_day: datetime.date,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    type(alice).objects.filter(pk=alice.pk).update(email="alice@example.org")
    alice.refresh_from_db()
    with scope(clinic=course.clinic):
        appointment = appointment_book(
            patient=course.patient, clinician=alice, start=at(start_day), end=at(start_day, 10, 30),
            actor=alice, course_session=course.sessions.get(number=1),
        )  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            history_update(
                patient=course.patient,
                answers=HistoryAnswers(conditions=frozenset({"psoriasis"})),
                actor=alice,
            )
        appointment.refresh_from_db()
        assert appointment.blocked, "a relative finding nobody acknowledged blocks"
        assert len(mailoutbox) == 1
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            finding_acknowledge(
                patient=course.patient, indication=course.indication, formulation=course.formulation,
                code="psoriasis", reason="Stable for years, no lesion on the scalp.", actor=alice,
            )  # fmt: skip
        appointment.refresh_from_db()
    assert not appointment.blocked and mailoutbox == []


# One live appointment per course session


def test_one_course_session_is_never_booked_twice(
    course: Course, alice: Any, start_day: datetime.date
) -> None:
    with scope(clinic=course.clinic):
        session = course.sessions.get(number=1)
        first = appointment_book(
            patient=course.patient, clinician=alice, start=at(start_day), end=at(start_day, 10, 30),
            actor=alice, course_session=session,
        )  # fmt: skip
        with pytest.raises(SessionTaken):
            appointment_book(
                patient=course.patient, clinician=alice, start=at(start_day, 15), end=at(start_day, 15, 30),
                actor=alice, course_session=session,
            )  # fmt: skip
        appointment_cancel(appointment=first, actor=alice)
        again = appointment_book(
            patient=course.patient, clinician=alice, start=at(start_day, 15), end=at(start_day, 15, 30),
            actor=alice, course_session=CourseSession.objects.get(pk=session.pk),
        )  # fmt: skip
    assert again.pk != first.pk


def test_the_database_refuses_a_second_live_appointment_for_one_session(
    course: Course, alice: Any, start_day: datetime.date
) -> None:
    from django.db import IntegrityError, transaction

    with scope(clinic=course.clinic):
        first = appointment_book(
            patient=course.patient, clinician=alice, start=at(start_day), end=at(start_day, 10, 30),
            actor=alice, course_session=course.sessions.get(number=1),
        )  # fmt: skip
        with pytest.raises(IntegrityError), transaction.atomic():
            Appointment.objects.create(
                clinic=first.clinic, patient=first.patient, clinician=alice, course_session=first.course_session,
                start=at(start_day, 16), end=at(start_day, 16, 30), created_by="test",
            )  # fmt: skip


def test_the_api_answers_409_naming_the_session(client: Client, course: Course, alice: Any) -> None:
    signed_in(client, alice)
    with scope(clinic=course.clinic):
        session = course.sessions.get(number=1)
    body = {
        "patient": course.patient.pseudonym,
        "start": f"{session.due}T10:00:00+01:00",
        "session": session.pk,
    }
    assert post(client, "/api/v1/appointments", body).status_code == 201
    again = post(client, "/api/v1/appointments", {**body, "start": f"{session.due}T15:00:00+01:00"})
    assert again.status_code == 409 and again.json()["detail"] == "session already booked"


def test_the_booking_page_says_the_session_is_already_booked(
    client: Client, course: Course, alice: Any, start_day: datetime.date
) -> None:
    signed_in(client, alice)
    with scope(clinic=course.clinic):
        session = course.sessions.get(number=1)
        appointment_book(
            patient=course.patient, clinician=alice, start=at(start_day), end=at(start_day, 10, 30),
            actor=alice, course_session=session,
        )  # fmt: skip
    form = {"day": start_day.isoformat(), "time": "15:00", "minutes": "30", "clinician": alice.pk,
            "kind": "mesotherapy"}  # fmt: skip
    again = client.post(f"/calendar/book/?session={session.pk}", form)
    assert again.status_code == 409
    assert "already booked" in again.content.decode()


# Dates before today


def test_a_booking_before_today_is_refused(course: Course, alice: Any) -> None:
    yesterday = timezone.localdate() - DAY
    with scope(clinic=course.clinic), pytest.raises(ValidationError) as error:
        ad_hoc(course.patient, alice, at(yesterday))
    assert "start" in error.value.message_dict


def test_the_api_refuses_2001(client: Client, course: Course, alice: Any) -> None:
    signed_in(client, alice)
    answer = post(
        client,
        "/api/v1/appointments",
        {"patient": course.patient.pseudonym, "start": "2001-03-05T10:00:00+01:00"},
    )
    assert answer.status_code == 422 and "start" in answer.content.decode()


@pytest.mark.parametrize("start", [datetime.date(1999, 1, 4), timezone.localdate() - DAY])
def test_a_course_cannot_start_in_the_past(patient_a: Patient, alice: Any, start: datetime.date) -> None:
    history_taken(patient_a, alice)
    with scope(clinic=patient_a.clinic), pytest.raises(ValidationError) as error:
        course_create(
            patient=patient_a, indication="hair_loss", protocol_code="hair_loss_8", formulation="mesohair",
            clinician=alice, start=start, actor=alice,
        )  # fmt: skip
    assert "start" in error.value.message_dict


def test_a_past_session_may_still_be_recorded_as_done(course: Course, alice: Any) -> None:
    with scope(clinic=course.clinic):
        session = course.sessions.get(number=1)
        CourseSession.objects.filter(pk=session.pk).update(
            due=timezone.localdate() - 3 * DAY, earliest=timezone.localdate() - 3 * DAY
        )
        session.refresh_from_db()
        recorded = course_session_record(
            session=session,
            status="done",
            bruising=True,
            bruising_resolved_on=timezone.localdate() - DAY,
            actor=alice,
        )
    assert recorded.status == "done"


def test_bruising_never_resolves_before_its_session(
    course: Course, alice: Any, start_day: datetime.date
) -> None:
    with scope(clinic=course.clinic):
        session = course.sessions.get(number=1)
        with pytest.raises(ValidationError) as error:
            course_session_record(
                session=session,
                status="done",
                bruising=True,
                bruising_resolved_on=start_day - 2 * DAY,
                actor=alice,
            )
        assert "bruising_resolved_on" in error.value.message_dict
        same_day = course_session_record(
            session=session, status="done", bruising=True, bruising_resolved_on=start_day, actor=alice
        )
        # Read from its bruising adverse event (the safety app), in the clinic's scope.
        assert same_day.bruising_resolved_on == start_day


# Times on the clinic's clock, advice that makes sense when sent


def test_the_device_gate_message_shows_the_clinics_clock_not_utc(
    course: Course, alice: Any, start_day: datetime.date
) -> None:
    session_start = at(start_day, 10)
    with scope(clinic=course.clinic):
        appointment_book(
            patient=course.patient, clinician=alice, start=session_start, end=at(start_day, 10, 30),
            actor=alice, course_session=course.sessions.get(number=1),
        )  # fmt: skip
        with pytest.raises(BookingBlocked) as error:
            ad_hoc(course.patient, alice, at(start_day + DAY, 9), kind="iontophoresis")
    [gate] = error.value.findings
    assert gate.code == "device_within_72h"
    assert f"{start_day + DAY} 09:00" in gate.message and f"{start_day} 10:30" in gate.message
    utc = at(start_day + DAY, 9).astimezone(datetime.UTC)
    assert f"{utc:%Y-%m-%d %H:%M}" not in gate.message


def test_a_reminder_sent_after_the_stop_point_asks_the_patient_to_call(
    course: Course, alice: Any, mailoutbox: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.scheduling.test_booking import run_worker

    start = (timezone.localtime() + datetime.timedelta(hours=30)).replace(second=0, microsecond=0)
    with scope(clinic=course.clinic):
        Patient.objects.filter(pk=course.patient_id).update(
            email="claire@example.org", preferred_language="en"
        )
        history_update(
            patient=course.patient, answers=HistoryAnswers(medications=frozenset({"aspirin"})), actor=alice
        )
        appointment_book(
            patient=course.patient, clinician=alice, start=start, end=start + datetime.timedelta(minutes=30),
            actor=alice, course_session=course.sessions.get(number=1),
        )  # fmt: skip
    run_worker(monkeypatch)
    [message] = mailoutbox
    assert "Stop aspirin by" not in message.body
    assert "that time has passed. Please call Clinique A before your session." in message.body


def test_the_session_form_refuses_a_bruising_resolved_before_its_session(
    course: Course, alice: Any, start_day: datetime.date
) -> None:
    from mesodesk.courses.forms import session_record_form

    with scope(clinic=course.clinic):
        session = course.sessions.get(number=1)
        early = session_record_form(
            session,
            {"s1-status": "done", "s1-bruising": "on", "s1-bruising_resolved_on": str(start_day - DAY)},
        )
        fine = session_record_form(
            session, {"s1-status": "done", "s1-bruising": "on", "s1-bruising_resolved_on": str(start_day)}
        )
        assert not early.is_valid() and "before the session" in str(early.errors["bruising_resolved_on"])
        assert fine.is_valid(), fine.errors
