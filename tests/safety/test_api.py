from __future__ import annotations

import datetime
import json
from typing import Any

from django.test import Client
from django_scopes import scope

from mesodesk.accounts.models import Clinic
from mesodesk.courses.models import CourseSession
from mesodesk.safety.models import AdverseEvent
from tests.conftest import make_patient, signed_in
from tests.safety.conftest import course_begun, first_session, report


def post(client: Client, path: str, body: object) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def _body(session: CourseSession, **kw: object) -> dict[str, object]:
    return {
        "session_id": session.pk,
        "kind": "infection",
        "onset": (session.due + datetime.timedelta(days=2)).isoformat(),
        **kw,
    }


def test_create_read_and_list_an_adverse_event(client: Client, session_a: CourseSession, alice: Any) -> None:
    signed_in(client, alice)
    created = post(client, "/api/v1/adverse-events", _body(session_a, severity="severe", serious=True))
    assert created.status_code == 201, created.content
    event = created.json()
    assert (event["kind"], event["serious"], event["clinician"]) == ("infection", True, "alice")
    assert event["patient_id"] == session_a.course.patient.pseudonym
    assert client.get(f"/api/v1/adverse-events/{event['id']}").json() == event
    assert client.get("/api/v1/adverse-events?kind=infection").json() == [event]


def test_bad_input_is_422_naming_the_field_and_records_nothing(
    client: Client, session_a: CourseSession, alice: Any
) -> None:
    signed_in(client, alice)
    for body, field in [
        (_body(session_a, kind="sunburn"), "kind"),
        (_body(session_a, onset="2020-01-01"), "onset"),
        (_body(session_a, severity="awful"), "severity"),
        (_body(session_a, extra=1), "extra"),
    ]:
        response = post(client, "/api/v1/adverse-events", body)
        assert response.status_code == 422, body
        assert field in response.json()["field"]
    with scope(clinic=session_a.clinic):
        assert not AdverseEvent.objects.exists()


def test_another_clinics_session_event_and_signal_are_404(
    client: Client, session_a: CourseSession, alice: Any, charlie: Any, clinic_a: Clinic
) -> None:
    event = report(session_a, alice)
    report(first_session(course_begun(make_patient(clinic_a, "Bernard", "Paul"), alice)), alice)
    with scope(clinic=clinic_a):
        signal = event.signals.get()
    signed_in(client, charlie)
    assert client.get(f"/api/v1/adverse-events/{event.pk}").status_code == 404
    assert client.get(f"/api/v1/safety-signals/{signal.pk}").status_code == 404
    assert post(client, "/api/v1/adverse-events", _body(session_a)).status_code == 404
    assert client.get("/api/v1/adverse-events").json() == []
    assert client.get("/api/v1/safety-signals").json() == []


def test_the_signal_over_the_api_for_the_admin_who_may_not_read_the_events(
    client: Client, session_a: CourseSession, alice: Any, carol: Any, clinic_a: Clinic
) -> None:
    first = report(session_a, alice)
    second = report(first_session(course_begun(make_patient(clinic_a, "Bernard", "Paul"), alice)), alice)
    signed_in(client, carol)
    [signal] = client.get("/api/v1/safety-signals").json()
    assert (signal["dimension"], signal["reports"], signal["basis"]) == ("clinician", 2, "policy")
    assert signal["event_ids"] == sorted([first.pk, second.pk])
    assert "004_ef11466bcf6726aa" in signal["sources"]
    assert client.get(f"/api/v1/adverse-events/{first.pk}").status_code == 403


def test_the_routes_are_in_the_openapi_document(client: Client, db: Any) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/adverse-events", "/api/v1/adverse-events/{event_id}", "/api/v1/safety-signals"} <= set(
        paths
    )


def test_ids_past_64_bits_are_bad_input_not_a_crash(client: Client, alice: Any) -> None:
    signed_in(client, alice)
    assert client.get(f"/api/v1/adverse-events/{2**63}").status_code == 422
    assert client.get(f"/api/v1/safety-signals/{2**63}").status_code == 422
    body = {"session_id": 2**63, "kind": "infection", "onset": "2030-01-01"}
    assert post(client, "/api/v1/adverse-events", body).json()["field"] == "session_id"
    assert (
        post(client, "/api/v1/adverse-events", {**body, "session_id": 1, "lot_ids": [2**64]}).status_code
        == 422
    )
