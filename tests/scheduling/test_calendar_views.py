"""Issue 9, item 5: the calendar's time grid reads events as JSON and moves them by POST.

Names for staff who may read them, pseudonyms for a clinic administrator; the patients named
go to the audit trail; another clinic's events never show; the events' query count does not
grow with the number of appointments."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.models import Clinic
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Appointment, ClinicHours, Room
from mesodesk.scheduling.services import appointment_book
from tests.audit_reads import patients_audited
from tests.conftest import make_member, make_patient, signed_in
from tests.scheduling.conftest import at, ready_for_mesotherapy

pytestmark = pytest.mark.django_db


def week_of(day: datetime.date) -> dict[str, str]:
    monday = day - datetime.timedelta(days=day.weekday())
    return {
        "start": f"{monday.isoformat()}T00:00:00Z",
        "end": f"{(monday + datetime.timedelta(days=7)).isoformat()}T00:00:00Z",
    }


def events(client: Client, day: datetime.date, **extra: str) -> Any:
    response = client.get("/calendar/events/", {**week_of(day), **extra})
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def patient_reads(patient: Patient) -> int:
    with scopes_disabled():
        return patients_audited().count(patient.pk)


@pytest.fixture
def booked(alice: Any, patient_a: Patient, start_day: datetime.date) -> Appointment:
    ready_for_mesotherapy(patient_a, alice)  # an ad-hoc session needs a history and a course
    with scope(clinic=patient_a.clinic):
        return appointment_book(
            patient=patient_a, clinician=alice, actor=alice, start=at(start_day, 10), end=at(start_day, 11)
        )


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_clinicians_and_assistants_read_names_and_the_read_is_audited(
    client: Client, who: str, request: pytest.FixtureRequest, booked: Appointment, patient_a: Patient,
    start_day: datetime.date,
) -> None:  # fmt: skip
    before = patient_reads(patient_a)
    signed_in(client, request.getfixturevalue(who))
    [event] = events(client, start_day)
    assert "Claire Martin" in event["title"]
    assert event["start"] == f"{start_day.isoformat()}T10:00:00"  # the clinic's wall clock
    assert event["end"] == f"{start_day.isoformat()}T11:00:00"
    assert patient_reads(patient_a) == before + 1


def test_a_clinic_administrator_reads_pseudonyms_and_writes_no_patient_row(
    client: Client, carol: Any, booked: Appointment, patient_a: Patient, start_day: datetime.date
) -> None:
    before = patient_reads(patient_a)
    signed_in(client, carol)
    [event] = events(client, start_day)
    body = json.dumps(event)
    assert patient_a.pseudonym in event["title"]
    assert "Martin" not in body and "Claire" not in body
    assert patient_reads(patient_a) == before


def test_another_clinics_events_are_not_visible(
    client: Client, charlie: Any, booked: Appointment, patient_b: Patient, start_day: datetime.date
) -> None:
    signed_in(client, charlie)
    assert events(client, start_day) == []
    assert (
        client.post(
            f"/calendar/events/{booked.pk}/move/",
            {"start": f"{start_day}T12:00:00", "end": f"{start_day}T13:00:00"},
        ).status_code
        == 404
    )


def test_events_filter_by_clinician(
    client: Client, alice: Any, bob: Any, booked: Appointment, start_day: datetime.date
) -> None:
    signed_in(client, bob)
    assert len(events(client, start_day, clinician=str(alice.pk))) == 1
    assert events(client, start_day, clinician=str(bob.pk)) == []


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_the_events_query_count_does_not_grow_with_the_appointments(
    client: Client, who: str, request: pytest.FixtureRequest, alice: Any, carol: Any, clinic_a: Clinic,
    start_day: datetime.date, django_assert_num_queries: Any,
) -> None:  # fmt: skip
    others = [make_patient(clinic_a, family=f"Family{n}") for n in range(3)]
    signed_in(client, request.getfixturevalue(who))

    def book(count: int, offset: int) -> None:
        with scope(clinic=clinic_a):
            for n in range(count):
                day = start_day + datetime.timedelta(days=(offset + n) // 8)
                hour = 8 + (offset + n) % 8
                appointment_book(
                    patient=others[n % 3], clinician=alice, actor=alice, kind="iontophoresis",
                    start=at(day, hour), end=at(day, hour, 45),
                )  # fmt: skip

    book(3, 0)
    events(client, start_day)  # the first request of a session does more (its session, its user)
    with CaptureQueriesContext(connection) as few:
        assert len(events(client, start_day)) == 3
    book(12, 3)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(events(client, start_day)) >= 3


def test_a_move_is_checked_first_then_made_and_keeps_its_duration(
    client: Client, alice: Any, booked: Appointment, start_day: datetime.date
) -> None:
    signed_in(client, alice)
    later = start_day + datetime.timedelta(days=1)
    span = {"start": f"{later}T14:00:00", "end": f"{later}T15:00:00"}
    check = client.post(f"/calendar/events/{booked.pk}/move/", {**span, "check": "1"})
    assert check.status_code == 200 and check.json()["ok"] is True
    with scope(clinic=booked.clinic):
        assert Appointment.objects.get(pk=booked.pk).start == at(start_day, 10)  # a check moves nothing
    moved = client.post(f"/calendar/events/{booked.pk}/move/", span)
    assert moved.status_code == 200 and moved.json()["ok"] is True
    with scope(clinic=booked.clinic):
        appointment = Appointment.objects.get(pk=booked.pk)
    assert (appointment.start, appointment.end) == (at(later, 14), at(later, 15))
    resized = client.post(f"/calendar/events/{booked.pk}/move/", {**span, "end": f"{later}T15:30:00"})
    assert resized.status_code == 200
    with scope(clinic=booked.clinic):
        assert Appointment.objects.get(pk=booked.pk).end == at(later, 15, 30)


def test_a_refused_move_says_why_in_french_and_moves_nothing(
    client: Client, alice: Any, booked: Appointment, patient_a: Patient, start_day: datetime.date
) -> None:
    with scope(clinic=patient_a.clinic):
        device = appointment_book(
            patient=patient_a, clinician=alice, actor=alice, kind="iontophoresis",
            start=at(start_day + datetime.timedelta(days=5), 10), end=at(start_day + datetime.timedelta(days=5), 10, 30),
        )  # fmt: skip
    signed_in(client, alice)
    next_day = start_day + datetime.timedelta(days=1)
    span = {"start": f"{next_day}T10:00:00", "end": f"{next_day}T10:30:00"}
    french = {"accept-language": "fr"}
    check = client.post(f"/calendar/events/{device.pk}/move/", {**span, "check": "1"}, headers=french).json()
    assert check["ok"] is False
    assert check["message"].startswith("Non déplacé : Traitement par appareil trop proche")
    refused = client.post(f"/calendar/events/{device.pk}/move/", span, headers=french)
    assert refused.status_code == 422
    assert "device_within_72h" not in refused.content.decode()
    with scope(clinic=patient_a.clinic):
        assert Appointment.objects.get(pk=device.pk).start == at(start_day + datetime.timedelta(days=5), 10)


def test_the_page_gives_the_grid_the_clinics_hours_and_the_page_language(
    client: Client, alice: Any, carol: Any, clinic_a: Clinic
) -> None:
    ClinicHours.objects.create(
        clinic=clinic_a, opens=datetime.time(9), closes=datetime.time(18), days="12345"
    )
    signed_in(client, alice)
    page = client.get("/calendar/", headers={"accept-language": "de"}).content.decode()
    assert 'data-lang="de"' in page and "vendor/fullcalendar/locales/de.global.min.js" in page
    assert '"slotMinTime": "09:00"' in page and '"slotMaxTime": "18:00"' in page
    assert '"hiddenDays": [0, 6]' in page
    assert "cdn" not in page.lower()


def test_the_administrator_edits_the_working_hours_and_others_may_not(
    client: Client, alice: Any, carol: Any, clinic_a: Clinic
) -> None:
    signed_in(client, alice)
    assert client.get("/calendar/hours/").status_code == 403
    signed_in(client, carol)
    page = client.get("/calendar/hours/").content.decode()
    assert 'value="08:00"' in page and 'value="19:00"' in page
    bad = client.post("/calendar/hours/", {"opens": "18:00", "closes": "09:00", "working_days": ["1"]})
    assert bad.status_code == 422
    saved = client.post(
        "/calendar/hours/", {"opens": "07:30", "closes": "20:00", "working_days": ["1", "2", "6"]}
    )
    assert saved.status_code == 302
    with scope(clinic=clinic_a):
        hours = ClinicHours.objects.get(clinic=clinic_a)
    assert (hours.opens, hours.closes, hours.days) == (datetime.time(7, 30), datetime.time(20), "126")


def test_booking_from_a_free_slot_prefills_the_form(
    client: Client, alice: Any, bob: Any, patient_a: Patient, start_day: datetime.date
) -> None:
    signed_in(client, bob)
    assert 'data-choose="/calendar/book/choose/"' in client.get("/calendar/").content.decode()
    slot = {"day": start_day.isoformat(), "time": "15:15", "clinician": str(alice.pk)}
    chooser = client.get("/calendar/book/choose/", {**slot, "q": "Martin"}).content.decode()
    assert f"patient={patient_a.pseudonym}" in chooser and "MARTIN Claire" in chooser
    assert f"day={start_day.isoformat()}&amp;time=15%3A15&amp;clinician={alice.pk}" in chooser
    form = client.get("/calendar/book/", {**slot, "patient": patient_a.pseudonym}).content.decode()
    assert f'value="{start_day.isoformat()}"' in form and 'value="15:15"' in form
    assert f'<option value="{alice.pk}" selected>' in form


def test_an_administrator_books_nothing_from_the_grid_and_reads_no_name(
    client: Client, carol: Any, patient_a: Patient
) -> None:
    signed_in(client, carol)
    assert 'data-choose=""' in client.get("/calendar/").content.decode()
    assert client.get("/calendar/book/choose/", {"q": "Martin"}).status_code == 403
    assert "Claire" not in client.get("/calendar/book/", {"patient": patient_a.pseudonym}).content.decode()


@pytest.mark.parametrize("view", ["clinicians", "rooms"])
def test_the_side_by_side_day_has_a_grid_per_clinician_or_room(
    client: Client, view: str, alice: Any, bob: Any, clinic_a: Clinic, start_day: datetime.date,
    django_user_model: Any,
) -> None:  # fmt: skip
    second = make_member(django_user_model, "dora", clinic_a, "clinician")
    second.first_name, second.last_name = "Dora", "Petit"
    second.save()
    Room.objects.create(clinic=clinic_a, name="Cabine 1")
    Room.objects.create(clinic=clinic_a, name="Cabine 2")
    signed_in(client, bob)
    page = client.get("/calendar/", {"view": view, "day": start_day.isoformat()}).content.decode()
    grids = page.count('class="calendar-grid" data-column')
    if view == "clinicians":
        assert grids == 2 and "Dora Petit" in page
        assert f"/calendar/events/?clinician={second.pk}" in page
    else:
        assert grids == 2 and "Cabine 1" in page and "Cabine 2" in page
    assert 'id="calendar"' not in page
    assert f'<input type="hidden" name="view" value="{view}">' in page
