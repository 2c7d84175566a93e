"""The tenancy matrix: every role of clinic A asks for every URL and every API operation,
each filled with the other clinics' object ids; the answer is 403 or 404 and names none of
the other clinics' canaries.

Three clinics in two networks (A and B share one, C stands alone); a canary, a word no
other clinic may ever read, is planted in each clinic's every object. The URLs come from
the resolver and the operations from the OpenAPI document, so a new app's pages are
covered without editing this file; a URL whose parameter this file cannot fill fails
the test (add its filler to FILL), so nothing is skipped silently."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic, Network
from mesodesk.api.urls import api
from tests.conftest import signed_in
from tests.security.planted import PARAMETER, ROLES, Planted, filled, page_routes, plant

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinics(django_user_model: Any) -> dict[str, Planted]:
    with scopes_disabled():
        one, two = Network.objects.create(name="Network one"), Network.objects.create(name="Network two")
        a = Clinic.objects.create(network=one, name="Clinique A", slug="a")
        b = Clinic.objects.create(network=one, name="Clinique B", slug="b")
        c = Clinic.objects.create(network=two, name="Klinik C", slug="c")
        return {
            "a": plant(a, "CanaryAlpha9d", django_user_model),
            "b": plant(b, "CanaryBravo4k", django_user_model),
            "c": plant(c, "CanaryCharlie7x", django_user_model),
        }


def _takes_an_object(template: str) -> bool:
    return bool(PARAMETER.search(template))


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    document = api.get_openapi_schema()
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


# Fields that name no clinic's object, given a value the operation takes.
_HARMLESS = {"indication": "wrinkles", "protocol": "wrinkles_15"}


def _body_for(operation: dict[str, Any], values: dict[str, str]) -> dict[str, Any] | None:
    """A body naming the other clinic's objects wherever a field names one (patient, room…),
    and harmless values elsewhere."""
    body = operation.get("requestBody")
    if not body:
        return None
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    schema = api.get_openapi_schema()["components"]["schemas"][ref]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    given: dict[str, Any] = {}
    for name, field in schema.get("properties", {}).items():
        if name in values:
            given[name] = int(values[name]) if values[name].isdigit() else values[name]
        elif name == "start" and field.get("format") == "date-time":
            given[name] = f"{tomorrow.isoformat()}T15:00:00+01:00"
        elif field.get("format") == "date" or name == "start":
            given[name] = tomorrow.isoformat()
        elif name in _HARMLESS:
            given[name] = _HARMLESS[name]
        elif field.get("enum"):
            given[name] = field["enum"][0]
        elif name in schema.get("required", ()):
            given[name] = _plain_value(field)
    return given


def _plain_value(field: dict[str, Any]) -> Any:
    """A value of the field's type within its bounds, so that the body passes validation and
    the operation has to find the object named in its path (not stop at a missing field)."""
    kind = field.get("type") or next((f.get("type") for f in field.get("anyOf", []) if f.get("type")), "")
    if kind in ("integer", "number"):
        low = field.get("minimum", field.get("exclusiveMinimum", 0))
        return max(1, int(low) + 1) if field.get("maximum", 10**9) >= 1 else field["maximum"]
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    return "x"


def _query_for(operation: dict[str, Any]) -> str:
    """The required query parameters, with a value their schema takes."""
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    given = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query" and parameter.get("required"):
            schema = parameter.get("schema", {})
            given[parameter["name"]] = schema["enum"][0] if "enum" in schema else tomorrow
    return "?" + urlencode(given) if given else ""


def _refers_to_another_clinic(
    operation: dict[str, Any], body: dict[str, Any] | None, values: dict[str, str]
) -> bool:
    return any(p["in"] == "path" for p in operation.get("parameters", [])) or any(
        name in values and name != "clinician" for name in (body or {})
    )


def _no_canary(answer: Any, canaries: list[str], what: str, asked: str = "") -> None:
    content = answer.content.decode("utf-8", "replace") if not getattr(answer, "streaming", False) else ""
    if asked:  # the page's own address (the language form returns to it): what A typed, not B's data
        content = content.replace(asked, "")
    for canary in canaries:
        assert canary not in content, f"{what} answered {answer.status_code} with another clinic's {canary}"


@pytest.mark.parametrize("role", ROLES)
def test_no_page_and_no_operation_gives_another_clinics_data(
    client: Client, clinics: dict[str, Planted], role: str
) -> None:
    me = clinics["a"]
    with scopes_disabled():
        member = me.clinic.memberships.get(role=role).user
    signed_in(client, member)
    asked = 0
    for other in (clinics["b"], clinics["c"]):
        canaries = [clinics["b"].canary, clinics["c"].canary]
        for template in page_routes():
            url = "/" + filled(template, other.values)
            for method in ("get", "post"):
                answer = getattr(client, method)(
                    url, {"q": "Canary"}
                )  # a search that would find every canary
                asked += 1
                if "_auth_user_id" not in client.session:  # that was the sign-out: back in
                    signed_in(client, member)
                _no_canary(answer, canaries, f"{method.upper()} {url} for a {role} of A", asked=url)
                if _takes_an_object(template) and "<token>" not in template and "<str:token>" not in template:
                    assert answer.status_code in (403, 404, 405), (
                        f"{method.upper()} {url} (clinic {other.clinic.slug}'s object) answered "
                        f"{answer.status_code} to a {role} of A"
                    )
                elif _takes_an_object(template):
                    assert answer.status_code in (404, 405, 410), f"{method.upper()} {url}: a guessed token"
        for method, path, operation in _operations():
            url = filled(path, other.values) + _query_for(operation)
            body = _body_for(operation, other.values)
            answer = client.generic(
                method, url, json.dumps(body) if body is not None else "", content_type="application/json"
            )
            asked += 1
            _no_canary(answer, canaries, f"{method} {url} for a {role} of A")
            if _refers_to_another_clinic(operation, body, other.values):
                assert answer.status_code in (403, 404, 422), (
                    f"{method} {url} {body} (clinic {other.clinic.slug}'s object) answered "
                    f"{answer.status_code} to a {role} of A: {answer.content[:300]!r}"
                )
                if answer.status_code == 422:  # a body's reference: refused as not found, naming its field
                    assert answer.json()["field"] in (body or {}), answer.json()
    assert asked > 100
