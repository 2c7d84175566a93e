"""Issue 9, item 2: an edit keeps what it does not change. Moving a 60-minute appointment
with the calendar page's own move form keeps its hour, its room and its kind."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django_scopes import scope

from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Appointment, Room
from mesodesk.scheduling.services import appointment_book
from tests.conftest import signed_in
from tests.scheduling.conftest import at, ready_for_mesotherapy

pytestmark = pytest.mark.django_db


def move_form_fields(html: str, appointment_id: int) -> dict[str, str]:
    """The inputs of the page's move form for one appointment, with the values the page gives."""
    form = re.search(
        rf'<form method="post" action="/calendar/appointments/{appointment_id}/move/"[^>]*>(.*?)</form>',
        html,
        re.S,
    )
    assert form, "the page has no move form for the appointment"
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form.group(1)):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def test_moving_from_the_page_keeps_the_duration_room_and_kind(
    client: Client, alice: Any, patient_a: Patient, room_a: Room, start_day: datetime.date
) -> None:
    with scope(clinic=patient_a.clinic):
        appointment = appointment_book(
            patient=patient_a, clinician=alice, actor=alice, kind="ultrasonolysis", room=room_a,
            start=at(start_day, 10), end=at(start_day, 11),
        )  # fmt: skip
    signed_in(client, alice)
    page = client.get("/calendar/", {"week": start_day.isoformat()}).content.decode()
    fields = move_form_fields(page, appointment.pk)
    later = start_day + datetime.timedelta(days=1)
    fields.update(day=later.isoformat(), time="14:00")
    response = client.post(f"/calendar/appointments/{appointment.pk}/move/", fields)
    assert response.status_code == 302
    with scope(clinic=patient_a.clinic):
        moved = Appointment.objects.get(pk=appointment.pk)
    assert moved.start == at(later, 14)
    assert moved.end - moved.start == datetime.timedelta(minutes=60)
    assert (moved.room_id, moved.kind) == (room_a.pk, "ultrasonolysis")


def test_a_move_without_a_duration_keeps_the_duration(
    client: Client, alice: Any, patient_a: Patient, start_day: datetime.date
) -> None:
    ready_for_mesotherapy(patient_a, alice)  # an ad-hoc session needs a history and a course
    with scope(clinic=patient_a.clinic):
        appointment = appointment_book(
            patient=patient_a, clinician=alice, actor=alice, start=at(start_day, 9), end=at(start_day, 9, 45)
        )
    signed_in(client, alice)
    client.post(
        f"/calendar/appointments/{appointment.pk}/move/", {"day": start_day.isoformat(), "time": "15:00"}
    )
    with scope(clinic=patient_a.clinic):
        moved = Appointment.objects.get(pk=appointment.pk)
    assert (moved.start, moved.end) == (at(start_day, 15), at(start_day, 15, 45))
