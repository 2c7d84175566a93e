from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import formats, timezone, translation
from django_scopes import scope
from icalendar import Calendar

from mesodesk.courses.models import Course, CourseSession
from mesodesk.courses.services import course_session_record
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.models import Patient
from mesodesk.scheduling.ical import calendar_feed_create
from mesodesk.scheduling.models import Appointment, Reminder, Room
from mesodesk.scheduling.services import (
    BookingBlocked,
    SlotTaken,
    appointment_book,
    appointment_cancel,
    appointment_move,
)
from tests.conftest import make_patient, signed_in
from tests.scheduling.conftest import at, ready_for_mesotherapy

pytestmark = pytest.mark.django_db


def session_of(course: Course, number: int) -> CourseSession:
    return course.sessions.get(number=number)


def book(course: Course, actor: Any, number: int, when: datetime.datetime, **kw: Any) -> Appointment:
    session = session_of(course, number)
    return appointment_book(
        patient=course.patient,
        clinician=actor,
        start=when,
        end=when + datetime.timedelta(minutes=30),
        actor=actor,
        course_session=session,
        **kw,
    )


def test_booking_inside_the_window_has_no_warning_and_marks_the_session_booked(
    course: Course, alice: Any, start_day: datetime.date
) -> None:
    with scope(clinic=course.clinic):
        appointment = book(course, alice, 1, at(start_day))
        assert [g["code"] for g in appointment.gates] == ["consent_missing"]
        assert session_of(course, 1).status == "booked"


def test_booking_before_the_window_warns_and_shows_the_window(
    course: Course, alice: Any, start_day: datetime.date
) -> None:
    with scope(clinic=course.clinic):
        appointment = book(course, alice, 2, at(start_day + datetime.timedelta(days=3)))
        window = session_of(course, 2)
    warning = next(g for g in appointment.gates if g["code"] == "outside_window")
    assert (
        warning["level"] == "warning"
        and f"{window.earliest.isoformat()} to {window.latest.isoformat()}" in warning["message"]
    )
    assert warning["sources"] == ["003_2731458d19abe466"]


def test_unresolved_bruising_blocks_the_next_session_until_resolved(
    course: Course, alice: Any, start_day: datetime.date
) -> None:
    with scope(clinic=course.clinic):
        course_session_record(
            session=session_of(course, 1),
            status="done",
            bruising=True,
            bruising_resolved_on=None,
            actor=alice,
        )
        with pytest.raises(BookingBlocked) as blocked:
            book(course, alice, 2, at(start_day + datetime.timedelta(days=7)))
        assert blocked.value.findings[0].code == "bruising_unresolved"
        course_session_record(
            session=session_of(course, 1),
            status="done",
            bruising=True,
            bruising_resolved_on=start_day + datetime.timedelta(days=3),
            actor=alice,
        )
        assert book(course, alice, 2, at(start_day + datetime.timedelta(days=7))).pk


def test_antiplatelet_drugs_are_advised_in_the_booking(
    course: Course, alice: Any, start_day: datetime.date
) -> None:
    with scope(clinic=course.clinic):
        history_update(
            patient=course.patient,
            answers=HistoryAnswers(medications=frozenset({"nsaid"})),
            actor=alice,
        )
        appointment = book(course, alice, 1, at(start_day))
    advice = next(g for g in appointment.gates if g["code"] == "antiplatelet_washout")
    assert advice["level"] == "advice" and "48 hours" in advice["message"]


@pytest.mark.parametrize(("hours", "blocked"), [(71, True), (72, False)])
def test_a_device_treatment_within_72_hours_after_a_session_is_blocked(
    course: Course, alice: Any, start_day: datetime.date, hours: int, blocked: bool
) -> None:
    with scope(clinic=course.clinic):
        session = book(course, alice, 1, at(start_day))
        when = session.end + datetime.timedelta(hours=hours)

        def attempt() -> Appointment:
            return appointment_book(
                patient=course.patient,
                clinician=alice,
                start=when,
                end=when + datetime.timedelta(minutes=20),
                actor=alice,
                kind="iontophoresis",
            )

        if blocked:
            with pytest.raises(BookingBlocked) as error:
                attempt()
            assert error.value.findings[0].code == "device_within_72h"
        else:
            assert attempt().kind == "iontophoresis"


def test_a_contraindicated_screening_blocks_booking(
    course: Course, alice: Any, start_day: datetime.date
) -> None:
    with scope(clinic=course.clinic):
        history_update(
            patient=course.patient,
            answers=HistoryAnswers(conditions=frozenset({"pregnancy"})),
            actor=alice,
        )
        with pytest.raises(BookingBlocked) as error:
            book(course, alice, 1, at(start_day))
    assert error.value.findings[0].code == "screening_contraindicated"


def test_a_clinician_or_a_room_cannot_hold_two_overlapping_appointments(
    course: Course, alice: Any, bob: Any, room_a: Room, start_day: datetime.date, clinic_a: Any
) -> None:
    from tests.conftest import make_member

    other = make_patient(clinic_a, "Other", "Patient")
    ready_for_mesotherapy(other, alice)
    dora = make_member(type(alice), "dora", clinic_a, "clinician")
    with scope(clinic=course.clinic):
        book(course, alice, 1, at(start_day), room=room_a)
        with pytest.raises(SlotTaken):
            appointment_book(
                patient=other,
                clinician=alice,
                start=at(start_day, 10, 15),
                end=at(start_day, 10, 45),
                actor=alice,
            )
        with pytest.raises(SlotTaken):
            appointment_book(
                patient=other,
                clinician=dora,
                start=at(start_day, 10, 15),
                end=at(start_day, 10, 45),
                actor=alice,
                room=room_a,
            )
        # Back to back is not an overlap, and another room is free.
        assert appointment_book(
            patient=other, clinician=alice, start=at(start_day, 10, 30), end=at(start_day, 11), actor=alice
        )
        assert appointment_book(
            patient=other, clinician=dora, start=at(start_day, 10, 0), end=at(start_day, 10, 30), actor=alice
        )


def test_cancelling_frees_the_slot_and_moving_checks_again(
    course: Course, alice: Any, start_day: datetime.date, clinic_a: Any
) -> None:
    other = make_patient(clinic_a, "Other", "Patient")
    ready_for_mesotherapy(other, alice)
    with scope(clinic=course.clinic):
        first = book(course, alice, 1, at(start_day))
        appointment_cancel(appointment=first, actor=alice)
        assert session_of(course, 1).status == "planned"
        second = appointment_book(
            patient=other, clinician=alice, start=at(start_day), end=at(start_day, 10, 30), actor=alice
        )
        third = appointment_book(
            patient=other, clinician=alice, start=at(start_day, 14), end=at(start_day, 14, 30), actor=alice
        )
        with pytest.raises(SlotTaken):
            appointment_move(
                appointment=third, start=at(start_day, 10, 10), end=at(start_day, 10, 40), actor=alice
            )
        moved = appointment_move(
            appointment=third, start=at(start_day, 16), end=at(start_day, 16, 30), actor=alice
        )
        assert moved.start == at(start_day, 16) and second.pk


def run_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """One batch of the real `mesodesk worker` (django-tasks' db_worker), in this test's transaction.

    The worker closes stale connections between tasks; inside a test that would close the
    test's own connection, so that one call is made a no-op here."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_reminders_are_scheduled_and_sent_by_the_worker_with_the_pre_care(
    course: Course, alice: Any, mailoutbox: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 60 hours ahead: the reminder is due now and the 48-hour stop point still to come.
    start = (timezone.localtime() + datetime.timedelta(hours=60)).replace(second=0, microsecond=0)
    soon = start.date()
    with scope(clinic=course.clinic):
        Patient.objects.filter(pk=course.patient_id).update(
            email="claire@example.org", preferred_language="en"
        )
        history_update(
            patient=course.patient,
            answers=HistoryAnswers(medications=frozenset({"aspirin"})),
            actor=alice,
        )
        appointment = book(course, alice, 1, start)
        later = appointment_book(
            patient=course.patient,
            clinician=alice,
            start=at(soon + datetime.timedelta(days=30)),
            end=at(soon + datetime.timedelta(days=30), 10, 30),
            actor=alice,
        )
    run_worker(monkeypatch)
    assert len(mailoutbox) == 1, "only the reminder already due is sent"
    message = mailoutbox[0]
    assert (
        message.to == ["claire@example.org"]
        and "Stop aspirin by" in message.body
        and "No creams" in message.body
    )
    with scope(clinic=course.clinic):
        assert Reminder.objects.get(appointment=appointment).outcome == "sent"
        assert Reminder.objects.get(appointment=later).sent_at is None


def test_a_cancelled_appointments_reminder_is_skipped(
    course: Course, alice: Any, mailoutbox: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    soon = timezone.localdate() + datetime.timedelta(days=1)
    with scope(clinic=course.clinic):
        Patient.objects.filter(pk=course.patient_id).update(email="claire@example.org")
        appointment = book(course, alice, 1, at(soon))
        appointment_cancel(appointment=appointment, actor=alice)
    run_worker(monkeypatch)
    assert mailoutbox == []
    with scope(clinic=course.clinic):
        assert Reminder.objects.get(appointment=appointment).outcome.startswith("skipped")


def test_the_last_session_done_schedules_the_maintenance_recall(
    course: Course, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with scope(clinic=course.clinic), django_capture_on_commit_callbacks(execute=True):
        course_session_record(
            session=session_of(course, 8),
            status="done",
            bruising=False,
            bruising_resolved_on=None,
            actor=alice,
        )
    with scope(clinic=course.clinic):
        recall = Reminder.objects.get(kind="recall")
    assert recall.due_at.date() == timezone.localdate() + datetime.timedelta(days=90)


def test_the_feed_parses_and_holds_the_clinicians_appointments_only(
    client: Client, course: Course, alice: Any, clinic_a: Any, start_day: datetime.date
) -> None:
    from tests.conftest import make_member

    dora = make_member(type(alice), "dora", clinic_a, "clinician")
    other = make_patient(clinic_a, "Other", "Patient")
    ready_for_mesotherapy(other, alice)
    with scope(clinic=course.clinic):
        mine = book(course, alice, 1, at(start_day))
        appointment_book(
            patient=other, clinician=dora, start=at(start_day, 11), end=at(start_day, 11, 30), actor=dora
        )
    token = calendar_feed_create(clinician=alice, clinic_id=clinic_a.pk)
    response = client.get(f"/calendar/feed/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"appointment-{mine.pk}@mesodesk"]
    assert "Martin" not in response.content.decode()
    calendar_feed_create(clinician=alice, clinic_id=clinic_a.pk)  # a new link revokes the old one
    assert client.get(f"/calendar/feed/{token}.ics").status_code == 404


def test_one_appointment_as_ics(
    client: Client, course: Course, alice: Any, charlie: Any, start_day: datetime.date
) -> None:
    with scope(clinic=course.clinic):
        appointment = book(course, alice, 1, at(start_day))
    signed_in(client, alice)
    event = Calendar.from_ical(client.get(f"/calendar/appointments/{appointment.pk}.ics").content).walk(
        "VEVENT"
    )[0]
    assert event.decoded("DTSTART") == appointment.start
    signed_in(client, charlie)
    assert client.get(f"/calendar/appointments/{appointment.pk}.ics").status_code == 404
    assert client.post(f"/calendar/appointments/{appointment.pk}/cancel/").status_code == 404


def test_booking_from_the_calendar_form_and_seeing_the_week(
    client: Client, course: Course, alice: Any, start_day: datetime.date
) -> None:
    signed_in(client, alice)
    with scope(clinic=course.clinic):
        session = session_of(course, 2)
    early = (session.earliest - datetime.timedelta(days=2)).isoformat()
    response = client.post(
        f"/calendar/book/?session={session.pk}",
        {"day": early, "time": "09:00", "minutes": 30, "kind": "mesotherapy", "clinician": alice.pk},
        follow=True,
        headers={"accept-language": "en"},
    )
    html = response.content.decode()
    with translation.override("en"):
        window = f"{formats.date_format(session.earliest)} to {formats.date_format(session.latest)}"
    assert "is outside this session&#x27;s window" in html and window in html
    assert "session 2" in html
    taken = client.post(
        f"/calendar/book/?session={session.pk}",
        {"day": early, "time": "09:15", "minutes": 30, "kind": "mesotherapy", "clinician": alice.pk},
    )
    # Both the session and the slot are taken: the page names the session, the more precise.
    assert taken.status_code == 409 and "already booked" in taken.content.decode()


def test_an_assistant_books_a_device_treatment_for_a_clinician(
    client: Client, bob: Any, alice: Any, patient_a: Patient
) -> None:
    signed_in(client, bob)
    page = client.get("/calendar/book/", {"patient": patient_a.pseudonym})
    assert page.status_code == 200 and "alice" in page.content.decode()
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        f"/calendar/book/?patient={patient_a.pseudonym}",
        {"day": day, "time": "11:00", "minutes": 20, "kind": "electrostimulation", "clinician": alice.pk},
    )
    assert response.status_code == 302
    with scope(clinic=patient_a.clinic):
        appointment = Appointment.objects.get()
    assert (appointment.kind, appointment.clinician, appointment.created_by) == (
        "electrostimulation",
        alice,
        "bob",
    )
    refused = client.post(
        f"/calendar/book/?patient={patient_a.pseudonym}",
        {"day": day, "time": "11:00", "minutes": 20, "kind": "electrostimulation", "clinician": bob.pk},
    )
    assert refused.status_code == 422 and "Select a valid choice" in refused.content.decode()
