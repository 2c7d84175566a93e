from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope

from mesodesk.courses.models import Course
from mesodesk.patients.models import Patient
from mesodesk.safety.services import adverse_event_create
from tests.conftest import signed_in
from tests.scheduling.conftest import history_taken

pytestmark = pytest.mark.django_db


def post(client: Client, path: str, body: object, method: str = "post") -> Any:
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def test_a_course_and_its_first_booking_over_the_api(client: Client, alice: Any, patient_a: Patient) -> None:
    history_taken(patient_a, alice)
    signed_in(client, alice)
    created = post(
        client,
        "/api/v1/courses",
        {
            "patient": patient_a.pseudonym,
            "indication": "hair_loss",
            "protocol": "hair_loss_8",
            "start": "2031-01-06",
        },
    )
    assert created.status_code == 201, created.content
    course = created.json()
    assert len(course["sessions"]) == 8 and course["sessions"][1]["earliest"] == "2031-01-13"
    assert client.get(f"/api/v1/courses/{course['id']}").json() == course
    first = course["sessions"][0]["id"]
    booked = post(
        client,
        "/api/v1/appointments",
        {"patient": patient_a.pseudonym, "start": "2031-01-06T10:00:00+01:00", "session": first},
    )
    assert booked.status_code == 201, booked.content
    assert [g["code"] for g in booked.json()["gates"]] == ["consent_missing"]
    again = post(
        client, "/api/v1/appointments", {"patient": patient_a.pseudonym, "start": "2031-01-06T10:10:00+01:00"}
    )
    assert again.status_code == 409 and again.json() == {"detail": "slot taken", "gates": []}
    moved = post(
        client, f"/api/v1/appointments/{booked.json()['id']}", {"start": "2031-01-06T14:00:00+01:00"}, "patch"
    )
    assert moved.status_code == 200 and moved.json()["start"] == "2031-01-06T14:00:00+01:00"
    listed = client.get("/api/v1/appointments", {"start": "2031-01-05", "days": 7}).json()
    assert [a["id"] for a in listed] == [booked.json()["id"]]
    cancelled = client.post(f"/api/v1/appointments/{booked.json()['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["cancelled"] is True


def test_a_blocked_booking_is_409_with_its_gates(client: Client, alice: Any, course: Course) -> None:
    signed_in(client, alice)
    with scope(clinic=course.clinic):
        session = course.sessions.get(number=1)
        # Bruising after session 1 is its adverse event (the safety app), as the course page records it.
        adverse_event_create(session=session, kind="bruising", onset=session.due, actor=alice)
        second = course.sessions.get(number=2)
    response = post(
        client,
        "/api/v1/appointments",
        {
            "patient": course.patient.pseudonym,
            "start": f"{second.due.isoformat()}T10:00:00+00:00",
            "session": second.pk,
        },
    )
    assert response.status_code == 409
    assert response.json()["gates"][0]["code"] == "bruising_unresolved"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/courses",
            {"patient": "{p}", "indication": "hair_loss", "protocol": "hair_loss_8", "start": "2031-02-30"},
            "start",
        ),
        (
            "/api/v1/courses",
            {"patient": "{p}", "indication": "botox", "protocol": "hair_loss_8", "start": "2031-02-03"},
            "indication",
        ),
        ("/api/v1/appointments", {"patient": "{p}", "start": "2031-01-06T10:00:00"}, "start"),
        ("/api/v1/appointments", {"patient": "{p}", "start": "soon"}, "start"),
        (
            "/api/v1/appointments",
            {"patient": "{p}", "start": "2031-01-06T10:00:00+01:00", "kind": "laser"},
            "kind",
        ),
        (
            "/api/v1/appointments",
            {"patient": "{p}", "start": "2031-01-06T10:00:00+01:00", "minutes": 500},
            "minutes",
        ),
        (
            "/api/v1/appointments",
            {"patient": "{p}", "start": "2031-01-06T10:00:00+01:00", "room": 99999},
            "room",
        ),
    ],
)
def test_bad_input_is_422_naming_the_field(
    client: Client, alice: Any, patient_a: Patient, path: str, body: dict[str, Any], field: str
) -> None:
    signed_in(client, alice)
    body = {k: (v.format(p=patient_a.pseudonym) if isinstance(v, str) else v) for k, v in body.items()}
    response = post(client, path, body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field


def test_another_clinics_course_and_appointments_are_not_found(
    client: Client, charlie: Any, course: Course, patient_a: Patient
) -> None:
    signed_in(client, charlie)
    assert client.get(f"/api/v1/courses/{course.pk}").status_code == 404
    assert (
        post(
            client,
            "/api/v1/appointments",
            {"patient": patient_a.pseudonym, "start": "2031-01-06T10:00:00+01:00"},
        ).status_code
        == 404
    )
    start = timezone.localdate().isoformat()
    assert client.get("/api/v1/appointments", {"start": start, "days": 60}).json() == []
