"""The outcomes API: record, list, due; 4xx in JSON naming the field; another clinic's is 404."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django_scopes import scopes_disabled

from mesodesk.courses.models import Course
from mesodesk.outcomes.models import OutcomeResponse
from tests.conftest import signed_in


def post(client: Client, path: str, body: object, method: str = "post") -> Any:
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def _body(course: Course, **kw: object) -> dict[str, object]:
    return {
        "course_id": course.pk,
        "instrument": "gais_investigator",
        "timepoint": "end",
        "answers": {"value": 2},
        "answered_on": "2026-01-05",
        **kw,
    }


def test_record_and_list_a_response(client: Client, course_a: Course, alice: Any) -> None:
    signed_in(client, alice)
    created = post(client, "/api/v1/outcome-responses", _body(course_a))
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["score"], body["category"], body["rater"]) == (2.0, "much_improved", "clinician")
    listed = client.get(f"/api/v1/patients/{course_a.patient.pseudonym}/outcome-responses").json()
    assert [r["id"] for r in listed] == [body["id"]]


def test_a_bad_answer_is_a_422_naming_the_field(client: Client, course_a: Course, alice: Any) -> None:
    signed_in(client, alice)
    response = post(client, "/api/v1/outcome-responses", _body(course_a, answers={"value": 7}))
    assert response.status_code == 422
    assert response.json()["field"] == "answers.value"
    with scopes_disabled():
        assert OutcomeResponse.objects.count() == 0


def test_a_bad_date_is_a_422_naming_the_field(client: Client, course_a: Course, alice: Any) -> None:
    signed_in(client, alice)
    response = post(client, "/api/v1/outcome-responses", _body(course_a, answered_on="05/01/2026"))
    assert (response.status_code, response.json()["field"]) == (422, "answered_on")


def test_the_due_list_names_the_rater(client: Client, course_a: Course, alice: Any) -> None:
    due = signed_in(client, alice).get(f"/api/v1/courses/{course_a.pk}/outcomes-due").json()
    assert {"instrument": "glogau", "timepoint": "baseline"}.items() <= due[0].items() or any(
        d["instrument"] == "glogau" and d["rater"] == "clinician" for d in due
    )
    assert any(d["instrument"] == "network_satisfaction" and d["rater"] == "patient" for d in due)


def test_the_assistant_cannot_record(client: Client, course_a: Course, bob: Any) -> None:
    assert post(signed_in(client, bob), "/api/v1/outcome-responses", _body(course_a)).status_code == 403


def test_the_other_clinic_gets_404(client: Client, course_a: Course, charlie: Any) -> None:
    signed_in(client, charlie)
    assert post(client, "/api/v1/outcome-responses", _body(course_a)).status_code == 404
    assert client.get(f"/api/v1/courses/{course_a.pk}/outcomes-due").status_code == 404
    assert client.get(f"/api/v1/patients/{course_a.patient.pseudonym}/outcome-responses").status_code == 404


def test_a_clinic_adds_its_instrument_and_schedule(client: Client, course_a: Course, alice: Any) -> None:
    signed_in(client, alice)
    own = {
        "code": "itch", "name_en": "Itch", "name_fr": "Démangeaison", "name_de": "Juckreiz",
        "rater": "clinician", "kind": "categorical",
        "choices": [{"code": "none", "en": "None", "fr": "Aucune", "de": "Keine"},
                    {"code": "some", "en": "Some", "fr": "Un peu", "de": "Etwas"}],
    }  # fmt: skip
    created = post(client, "/api/v1/outcome-instruments", own)
    assert created.status_code == 201, created.content
    assert created.json()["choices"] == ["none", "some"]
    schedule = {"items": [{"instrument": "itch", "timepoints": ["end", "baseline"]}]}
    saved = post(client, "/api/v1/outcome-schedules/wrinkles_15", schedule, method="put")
    assert saved.status_code == 200, saved.content
    due = client.get(f"/api/v1/courses/{course_a.pk}/outcomes-due").json()
    assert {(d["instrument"], d["timepoint"]) for d in due} == {("itch", "baseline"), ("itch", "end")}


def test_a_schedule_with_an_unknown_instrument_is_refused(client: Client, alice: Any, clinic_a: Any) -> None:
    signed_in(client, alice)
    bad = {"items": [{"instrument": "nope", "timepoints": ["end"]}]}
    response = post(client, "/api/v1/outcome-schedules/wrinkles_15", bad, method="put")
    assert (response.status_code, response.json()["field"]) == (422, "items[0].instrument")


def test_the_responses_are_in_the_openapi_with_their_4xx(client: Client, db: None) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    post_op = schema["paths"]["/api/v1/outcome-responses"]["post"]
    assert {"201", "403", "404", "422"} <= set(post_op["responses"])


def test_a_schedule_for_an_unknown_protocol_is_a_404(client: Client, alice: Any, clinic_a: Any) -> None:
    signed_in(client, alice)
    body = {"items": [{"instrument": "glogau", "timepoints": ["end"]}]}
    assert post(client, "/api/v1/outcome-schedules/nothing-like-it", body, method="put").status_code == 404
