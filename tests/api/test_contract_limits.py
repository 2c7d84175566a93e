"""The contracts open to anyone refuse, with JSON naming the limit, a chart of too many
points (422) and a body too large (413, before it is read); up to the limits they answer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from mesodesk.api.routes_clinical import CONTRACT_BODY_MAX_BYTES
from mesodesk.api.schemas import CHART_POINTS_MAX
from tests.clinic.test_charting import CONTRACT_EXAMPLE, point

pytestmark = pytest.mark.django_db


def chart_of(count: int) -> dict[str, Any]:
    # 1 cm apart on a lattice: no point is too near another.
    return {
        **CONTRACT_EXAMPLE,
        "points": [point("point_by_point", 4, x=i % 50, y=i // 50) for i in range(count)],
    }


def check(client: Client, body: str) -> Any:
    return client.post("/api/v1/charts/check", body, content_type="application/json")


def test_a_chart_at_the_points_cap_is_checked(client: Client) -> None:
    answer = check(client, json.dumps(chart_of(CHART_POINTS_MAX)))
    assert answer.status_code == 200
    assert answer.json()["ok"] is True


def test_a_chart_over_the_points_cap_is_refused_naming_the_cap(client: Client) -> None:
    answer = check(client, json.dumps(chart_of(CHART_POINTS_MAX + 1)))
    assert answer.status_code == 422
    assert answer.json()["field"] == "points"
    assert str(CHART_POINTS_MAX) in answer.json()["error"]


def test_a_body_over_the_cap_is_refused_naming_the_cap(client: Client) -> None:
    body = json.dumps({**CONTRACT_EXAMPLE, "padding": " " * CONTRACT_BODY_MAX_BYTES})
    answer = check(client, body)
    assert answer.status_code == 413
    assert f"{CONTRACT_BODY_MAX_BYTES:,} bytes" in answer.json()["detail"]


def test_the_body_cap_covers_every_contract_open_to_anyone(client: Client) -> None:
    body = " " * (CONTRACT_BODY_MAX_BYTES + 1)
    for path in ("/api/v1/screening", "/api/v1/plans/preview", "/api/v1/charts/check"):
        answer = client.post(path, body, content_type="application/json")
        assert answer.status_code == 413, path


def test_the_openapi_document_states_the_points_cap(client: Client) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["ChartIn"]["properties"]["points"]["anyOf"][0]["maxItems"] == CHART_POINTS_MAX
