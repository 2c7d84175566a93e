"""The four contracts over HTTP give what the CLI gives, and bad input is a 422 naming the field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.clinic.strategies import charts, screening_inputs
from tests.clinic.test_charting import CONTRACT_EXAMPLE as CHART
from tests.test_cli import SCREENING, run

pytestmark = pytest.mark.django_db


def post(client: Client, path: str, body: Any) -> Any:
    return client.post(
        path,
        data=json.dumps(body) if not isinstance(body, str) else body,
        content_type="application/json",
    )


@pytest.mark.parametrize(
    ("path", "cli", "body"),
    [
        ("/api/v1/screening", ("screen", "-"), SCREENING),
        (
            "/api/v1/screening",
            ("screen", "-"),
            {"age": 17, "indication": "acne", "allergies": ["rutin"], "formulation": "mesolift"},
        ),
        ("/api/v1/charts/check", ("chart-check", "-"), CHART),
        (
            "/api/v1/charts/check",
            ("chart-check", "-"),
            {**CHART, "products": [{**CHART["products"][0], "oily": True}]},
        ),
        (
            "/api/v1/plans/preview",
            ("plan", "--protocol", "wrinkles_15", "--start", "2027-01-31"),
            {"protocol": "wrinkles_15", "start": "2027-01-31"},
        ),
    ],
)
def test_the_cli_and_the_api_give_the_same_json_for_the_same_input(
    client: Client, path: str, cli: tuple[str, ...], body: dict[str, Any]
) -> None:
    response = post(client, path, body)
    assert response.status_code == 200, response.content
    from_cli = run(*cli, stdin=json.dumps(body))
    assert from_cli.returncode == 0
    assert response.json() == json.loads(from_cli.stdout)


def test_the_knowledge_base_over_http_is_the_cli_export(client: Client) -> None:
    response = client.get("/api/v1/kb")
    assert response.status_code == 200
    assert response.json() == json.loads(run("kb", "export").stdout)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/screening", {"age": 41}, "indication"),
        ("/api/v1/screening", {"age": "41", "indication": "acne"}, "age"),
        ("/api/v1/screening", {"age": 41.5, "indication": "acne"}, "age"),
        ("/api/v1/screening", {"age": 41, "indication": "botox"}, "indication"),
        (
            "/api/v1/screening",
            {"age": 41, "indication": "acne", "allergies": ["rutin", "nuts"]},
            "allergies[1]",
        ),
        ("/api/v1/screening", {"age": 41, "indication": "acne", "smoker": True}, "smoker"),
        ("/api/v1/plans/preview", {"protocol": "hair_loss_8", "start": "2027-02-30"}, "start"),
        ("/api/v1/plans/preview", {"protocol": "hair_loss_8", "start": "0001-01-01"}, "start"),
        ("/api/v1/plans/preview", {"protocol": "x", "start": "2027-02-01"}, "protocol"),
        (
            "/api/v1/charts/check",
            {**CHART, "points": [{**CHART["points"][0], "technique": "laser"}]},
            "points[0].technique",
        ),
        (
            "/api/v1/charts/check",
            {**CHART, "points": [{**CHART["points"][0], "needle": {}}]},
            "points[0].needle.length_mm",
        ),
        ("/api/v1/screening", "{not json", "body"),
        ("/api/v1/screening", "[1, 2]", "body"),
    ],
)
def test_bad_input_is_422_naming_the_field(client: Client, path: str, body: Any, field: str) -> None:
    response = post(client, path, body)
    assert response.status_code == 422, response.content
    payload = response.json()
    assert payload["field"] == field
    assert payload["error"].startswith(f"{field}: ")


JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.sampled_from(["/api/v1/screening", "/api/v1/plans/preview", "/api/v1/charts/check"]), JSONISH)
def test_the_api_never_answers_500_to_arbitrary_json(client: Client, path: str, body: Any) -> None:
    assert post(client, path, body).status_code in (200, 422)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(screening_inputs())
def test_valid_screenings_are_answered(client: Client, data: dict[str, Any]) -> None:
    assert post(client, "/api/v1/screening", data).status_code == 200


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(charts())
def test_valid_charts_are_answered(client: Client, chart: dict[str, Any]) -> None:
    assert post(client, "/api/v1/charts/check", chart).status_code == 200


def test_the_openapi_document_lists_the_contracts(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/kb",
        "/api/v1/screening",
        "/api/v1/plans/preview",
        "/api/v1/charts/check",
        "/api/v1/patients",
    ):
        assert path in document["paths"], path
