"""The session record over HTTP: read, points, sign, amend; a signed record answers 409 to a
change; another clinic's record is a 404; bad input is a 422 naming the field."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django_scopes import scopes_disabled

from mesodesk.charting.models import InjectionPoint, SessionRecord
from mesodesk.inventory.models import Lot
from mesodesk.scheduling.models import Appointment
from tests.charting.conftest import PASSWORD, on_hand, ready_to_sign
from tests.conftest import signed_in

POINT = {
    "view": "face_front", "x": 50, "y": 15, "technique": "papule", "depth_mm": 1.5,
    "needle_gauge": 30, "needle_length_mm": 4, "volume_ml": 0.05,
}  # fmt: skip


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def points(record: SessionRecord) -> int:
    with scopes_disabled():
        return InjectionPoint.objects.filter(record=record).count()


def test_a_clinician_opens_a_record_from_the_appointment(
    client: Client, alice: Any, appointment_a: Appointment
) -> None:
    signed_in(client, alice)

    answer = client.post(f"/api/v1/appointments/{appointment_a.pk}/record")

    assert answer.status_code == 201
    assert answer.json()["status"] == "draft"


def test_an_assistant_may_not_open_a_record(client: Client, bob: Any, appointment_a: Appointment) -> None:
    signed_in(client, bob)

    assert client.post(f"/api/v1/appointments/{appointment_a.pk}/record").status_code == 403


def test_a_point_is_added_and_listed(client: Client, alice: Any, record_a: SessionRecord) -> None:
    signed_in(client, alice)

    added = post(client, f"/api/v1/records/{record_a.pk}/points", POINT)
    listed = client.get(f"/api/v1/records/{record_a.pk}/points").json()

    assert added.status_code == 201
    assert [p["region"] for p in listed] == ["forehead"]


def test_a_bad_depth_is_a_422_naming_the_field(client: Client, alice: Any, record_a: SessionRecord) -> None:
    signed_in(client, alice)

    answer = post(client, f"/api/v1/records/{record_a.pk}/points", {**POINT, "depth_mm": -1})

    assert answer.status_code == 422
    assert answer.json()["field"] == "depth_mm"
    assert points(record_a) == 0


def test_an_unknown_technique_is_a_422_naming_the_field(
    client: Client, alice: Any, record_a: SessionRecord
) -> None:
    signed_in(client, alice)

    answer = post(client, f"/api/v1/records/{record_a.pk}/points", {**POINT, "technique": "tattoo"})

    assert answer.status_code == 422
    assert answer.json()["field"] == "technique"


def test_the_read_carries_the_chart_checks_codes(client: Client, alice: Any, record_a: SessionRecord) -> None:
    signed_in(client, alice)
    post(client, f"/api/v1/records/{record_a.pk}/points", {**POINT, "depth_mm": 3.5})

    body = client.get(f"/api/v1/records/{record_a.pk}").json()

    assert body["ok"] is False
    assert [f["code"] for f in body["findings"]] == ["depth_outside_technique"]


def test_signing_draws_the_stock_and_locks_the_record(
    client: Client, alice: Any, record_a: SessionRecord, lot_a: Lot
) -> None:
    ready_to_sign(record_a, alice, lot_a)
    signed_in(client, alice)

    signed = post(client, f"/api/v1/records/{record_a.pk}/sign", {"password": PASSWORD})
    again = post(client, f"/api/v1/records/{record_a.pk}/points", {**POINT, "x": 30, "y": 20})

    assert signed.status_code == 200
    assert signed.json()["syringes"][0]["lots"][0]["units_drawn"] == 1
    assert on_hand(lot_a) == 19
    assert again.status_code == 409
    assert points(record_a) == 1


def test_a_wrong_password_is_a_422_naming_the_field(
    client: Client, alice: Any, record_a: SessionRecord, lot_a: Lot
) -> None:
    ready_to_sign(record_a, alice, lot_a)
    signed_in(client, alice)

    answer = post(client, f"/api/v1/records/{record_a.pk}/sign", {"password": "wrong"})

    assert answer.status_code == 422
    assert answer.json()["field"] == "password"
    assert on_hand(lot_a) == 20


def test_a_signed_record_takes_an_amendment(
    client: Client, alice: Any, record_a: SessionRecord, lot_a: Lot
) -> None:
    ready_to_sign(record_a, alice, lot_a)
    signed_in(client, alice)
    post(client, f"/api/v1/records/{record_a.pk}/sign", {"password": PASSWORD})

    added = post(client, f"/api/v1/records/{record_a.pk}/amendments", {"reason": "Typo", "change": "Pain 3"})
    body = client.get(f"/api/v1/records/{record_a.pk}").json()

    assert added.status_code == 201
    assert [a["change"] for a in body["amendments"]] == ["Pain 3"]
    assert body["points"][0]["depth_mm"] == 1.5


def test_a_draft_takes_no_amendment(client: Client, alice: Any, record_a: SessionRecord) -> None:
    signed_in(client, alice)

    answer = post(client, f"/api/v1/records/{record_a.pk}/amendments", {"reason": "x", "change": "y"})

    assert answer.status_code == 422
    assert answer.json()["field"] == "record"


def test_another_clinics_record_is_a_404(client: Client, charlie: Any, record_a: SessionRecord) -> None:
    signed_in(client, charlie)

    assert client.get(f"/api/v1/records/{record_a.pk}").status_code == 404
    assert client.get(f"/api/v1/records/{record_a.pk}/points").status_code == 404
    assert post(client, f"/api/v1/records/{record_a.pk}/points", POINT).status_code == 404
    assert post(client, f"/api/v1/records/{record_a.pk}/sign", {"password": PASSWORD}).status_code == 404
    assert points(record_a) == 0


def test_another_clinics_appointment_is_a_404(
    client: Client, charlie: Any, appointment_a: Appointment
) -> None:
    signed_in(client, charlie)

    assert client.post(f"/api/v1/appointments/{appointment_a.pk}/record").status_code == 404


def test_the_routes_are_in_the_openapi_document(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert "/api/v1/records/{record_id}/sign" in paths
    assert "/api/v1/records/{record_id}/points" in paths
