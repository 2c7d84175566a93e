"""Whatever JSON a client sends to the record endpoints, the answer is never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesodesk.patients.models import Patient
from tests.api.test_contracts import JSONISH
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

FIELDS = {
    "/api/v1/patients": ["family_name", "given_name", "date_of_birth", "sex", "email"],
    "/api/v1/courses": ["patient", "indication", "protocol", "formulation", "start"],
    "/api/v1/appointments": ["patient", "start", "minutes", "kind", "room", "session", "clinician"],
}
VALUES = JSONISH | st.sampled_from(
    ["hair_loss", "hair_loss_8", "2031-01-06", "9999-12-31T23:59:00+00:00", "0001-01-01", "{p}"]
)


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.sampled_from(sorted(FIELDS)), st.data())
def test_record_endpoints_never_answer_500(
    client: Client, alice: Any, patient_a: Patient, path: str, data: st.DataObject
) -> None:
    signed_in(client, alice)
    keys = data.draw(st.lists(st.sampled_from(FIELDS[path]), unique=True))
    body = {k: data.draw(VALUES) for k in keys}
    body = {
        k: (v.format(p=patient_a.pseudonym) if isinstance(v, str) and v == "{p}" else v)
        for k, v in body.items()
    }
    response = client.post(path, json.dumps(body), content_type="application/json")
    assert response.status_code in (201, 404, 409, 422), (response.status_code, body, response.content[:300])


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["q", "offset", "limit", "start", "days", "indication", "formulation"]),
        st.text(max_size=12),
        max_size=4,
    )
)
def test_query_strings_never_answer_500(
    client: Client, alice: Any, patient_a: Patient, query: dict[str, str]
) -> None:
    signed_in(client, alice)
    for path in (
        "/api/v1/patients",
        "/api/v1/appointments",
        f"/api/v1/patients/{patient_a.pseudonym}/screening",
    ):
        assert client.get(path, query).status_code in (200, 422)
