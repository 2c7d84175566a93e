"""What the fuzzer found, pinned: each answer is JSON, documented, and never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from mesodesk.api.urls import api
from mesodesk.patients.models import Patient
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_an_oversize_body_answers_a_json_413(client: Client, alice: Any) -> None:
    signed_in(client, alice)
    body = json.dumps({"family_name": "x" * 3_000_000})
    answer = client.post("/api/v1/patients", body, content_type="application/json")
    assert answer.status_code == 413
    assert answer.json() == {"detail": "The body is larger than the server accepts"}


def test_a_megabyte_of_bad_value_is_not_echoed_back(client: Client, alice: Any, patient_a: Patient) -> None:
    signed_in(client, alice)
    answer = client.get(f"/api/v1/patients/{patient_a.pseudonym}/screening", {"indication": "z" * 1_000_000})
    assert answer.status_code == 422
    assert len(answer.content) < 2_000


def test_an_unknown_code_of_400_kb_is_named_shortly(client: Client) -> None:
    # 400 KB: under the contracts' body cap (a megabyte is refused whole, with a 413).
    answer = client.post(
        "/api/v1/screening", json.dumps({"age": 40, "indication": "q" * 400_000}), "application/json"
    )
    assert answer.status_code == 422
    assert answer.json()["field"] == "indication"
    assert len(answer.content) < 2_000


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/appointments", {"patient": "P-X", "start": "2030-01-07T10:00:00+01:00", "room": 2**64}),
        ("/api/v1/appointments", {"patient": "P-X", "start": "2030-01-07T10:00:00+01:00", "session": 2**63}),
    ],
)
def test_an_id_past_64_bits_is_bad_input_not_a_crash(
    client: Client, alice: Any, path: str, body: Any
) -> None:
    signed_in(client, alice)
    answer = client.post(path, json.dumps(body), content_type="application/json")
    assert answer.status_code == 422
    assert answer.json()["field"] in body


@pytest.mark.parametrize("path", ["/api/v1/courses/{}", "/api/v1/appointments/{}/cancel"])
def test_a_path_id_past_64_bits_is_bad_input_not_a_crash(client: Client, alice: Any, path: str) -> None:
    signed_in(client, alice)
    url = path.format(2**63)
    answer = client.get(url) if "cancel" not in url else client.post(url)
    assert answer.status_code == 422


@pytest.mark.parametrize("field", ["notes", "email", "phone", "sex"])
def test_a_patch_with_null_names_the_field(
    client: Client, alice: Any, patient_a: Patient, field: str
) -> None:
    signed_in(client, alice)
    answer = client.patch(
        f"/api/v1/patients/{patient_a.pseudonym}", json.dumps({field: None}), content_type="application/json"
    )
    assert answer.status_code == 422
    assert answer.json()["field"] == field


def test_every_signed_in_operation_documents_401_and_403() -> None:
    for methods in api.get_openapi_schema()["paths"].values():
        for operation in methods.values():
            if operation.get("security"):
                assert {401, 403} <= set(operation["responses"]), operation["operationId"]


def test_every_operation_with_a_body_documents_413_and_422() -> None:
    for methods in api.get_openapi_schema()["paths"].values():
        for operation in methods.values():
            if operation.get("requestBody"):
                assert {413, 422} <= set(operation["responses"]), operation["operationId"]


@pytest.mark.parametrize("parameter", ["clinician", "room"])
@pytest.mark.parametrize("path", ["/calendar/", "/calendar/events/", "/calendar/book/"])
def test_the_calendars_ids_past_64_bits_are_ignored_not_a_crash(
    client: Client, alice: Any, path: str, parameter: str
) -> None:
    signed_in(client, alice)
    query = {
        parameter: str(2**64),
        "session": str(2**64),
        "start": "2030-01-07T00:00",
        "end": "2030-01-14T00:00",
    }
    assert client.get(path, query).status_code < 500


@pytest.mark.parametrize(
    "path", ["/calendar/appointments/{}.ics", "/courses/{}/", "/calendar/appointments/{}/cancel/"]
)
def test_a_page_id_past_64_bits_finds_nothing(client: Client, alice: Any, path: str) -> None:
    signed_in(client, alice)
    url = path.format(2**64)
    assert (client.post(url) if "cancel" in url else client.get(url)).status_code == 404
