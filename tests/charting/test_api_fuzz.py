"""Whatever JSON a client sends to the session record's endpoints, the answer is never a 500,
and a refused body changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesodesk.charting.models import Amendment, InjectionPoint, SessionRecord
from tests.api.test_contracts import JSONISH
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

FIELDS = {
    "points": [
        "view",
        "x",
        "y",
        "technique",
        "depth_mm",
        "needle_gauge",
        "needle_length_mm",
        "volume_ml",
        "syringe",
    ],
    "sign": ["password"],
    "amendments": ["reason", "change"],
}
VALUES = JSONISH | st.sampled_from(
    ["face_front", "scalp_top", "papule", "nappage", 1.5, 4, 50, 0, -1, 10**30, 1e308]
)


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.sampled_from(sorted(FIELDS)), st.data())
def test_record_endpoints_never_answer_500(
    client: Client, alice: Any, record_a: SessionRecord, kind: str, data: st.DataObject
) -> None:
    signed_in(client, alice)
    keys = data.draw(st.lists(st.sampled_from(FIELDS[kind]), unique=True))
    body = {k: data.draw(VALUES) for k in keys}

    response = client.post(
        f"/api/v1/records/{record_a.pk}/{kind}", json.dumps(body), content_type="application/json"
    )

    assert response.status_code in (200, 201, 409, 422), (response.status_code, body, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    if response.status_code == 422:
        with scopes_disabled():
            assert not Amendment.objects.filter(record=record_a).exists()
            assert SessionRecord.objects.get(pk=record_a.pk).status == "draft"
            if kind == "points":
                assert not InjectionPoint.objects.filter(record=record_a, technique="nappage").exists()
