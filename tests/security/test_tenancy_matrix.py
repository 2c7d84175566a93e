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
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.models import Clinic, Network, Role
from mesodesk.api.urls import api
from mesodesk.courses.models import ClinicProtocol
from mesodesk.courses.services import course_create
from mesodesk.patients.consent import consent_sign
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.intake import intake_invitation_create
from mesodesk.patients.models import PhotoScope
from mesodesk.scheduling.models import Room
from mesodesk.scheduling.services import appointment_book
from tests.conftest import make_member, make_patient, signed_in

pytestmark = pytest.mark.django_db

ROLES = (Role.CLINICIAN, Role.ASSISTANT, Role.CLINIC_ADMIN, Role.NETWORK_ANALYST)


@dataclass
class Planted:
    """One clinic's objects, each carrying the clinic's canary."""

    clinic: Clinic
    canary: str
    values: dict[str, str]


def _plant(clinic: Clinic, canary: str, django_user_model: Any) -> Planted:
    staff = {role: make_member(django_user_model, f"{clinic.slug}-{role}", clinic, role) for role in ROLES}
    clinician = staff[Role.CLINICIAN]
    clinician.first_name, clinician.last_name = canary, canary
    clinician.save(update_fields=["first_name", "last_name"])
    patient = make_patient(
        clinic, family=f"{canary}-family", given=f"{canary}-given", notes=f"{canary}-notes"
    )
    today = timezone.localdate()
    with scope(clinic=clinic):
        room = Room.objects.create(clinic=clinic, name=f"{canary}-room")
        ClinicProtocol.objects.create(
            clinic=clinic, code="own", name=f"{canary}-protocol", indications=["wrinkles"], sessions=2,
            phases=[{"sessions": 2, "every_days": 14}], source_note=f"{canary}-source",
        )  # fmt: skip
        answers = HistoryAnswers(goals=f"{canary}-goals", other_medications=f"{canary}-medicine")
        history_update(patient=patient, answers=answers, actor=clinician)
        course = course_create(
            patient=patient, indication="wrinkles", protocol_code="wrinkles_15", formulation="",
            clinician=clinician, start=today + datetime.timedelta(days=1), actor=clinician,
        )  # fmt: skip
        start = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(10))
        )
        appointment = appointment_book(
            patient=patient, clinician=clinician, start=start, end=start + datetime.timedelta(minutes=30),
            actor=clinician, course_session=course.sessions.get(number=1), room=room,
        )  # fmt: skip
        consent = consent_sign(
            patient=patient, indication="wrinkles", typed_name=f"{canary}-given {canary}-family", signature="",
            photo_scope=PhotoScope.NONE, actor=clinician, sign_by_typing=True,
        )  # fmt: skip
        intake_invitation_create(patient=patient, actor=clinician)
        # An allergy in free text, after the course (unreviewed, it would hold the course back).
        answers = HistoryAnswers(
            goals=f"{canary}-goals",
            other_medications=f"{canary}-medicine",
            other_allergies=(f"{canary}-allergy",),
        )
        history_update(patient=patient, answers=answers, actor=clinician)
        allergy = patient.reported_allergies.get()
    values = {
        "pseudonym": patient.pseudonym,
        "patient_id": patient.pseudonym,
        "patient": patient.pseudonym,
        "course_id": str(course.pk),
        "number": "1",
        "appointment_id": str(appointment.pk),
        "session": str(course.sessions.get(number=2).pk),
        "room": str(room.pk),
        "allergy_id": str(allergy.pk),
        "consent_id": str(consent.pk),
        "clinician": clinician.get_username(),
        # A token is its own credential (an intake link, a calendar feed): another
        # clinic's cannot be "filled in", so a guessed one is asked for, and must find nothing.
        "token": "guessed-" + "x" * 32,
    }
    return Planted(clinic, canary, values)


@pytest.fixture
def clinics(django_user_model: Any) -> dict[str, Planted]:
    with scopes_disabled():
        one, two = Network.objects.create(name="Network one"), Network.objects.create(name="Network two")
        a = Clinic.objects.create(network=one, name="Clinique A", slug="a")
        b = Clinic.objects.create(network=one, name="Clinique B", slug="b")
        c = Clinic.objects.create(network=two, name="Klinik C", slug="c")
        return {
            "a": _plant(a, "CanaryAlpha9d", django_user_model),
            "b": _plant(b, "CanaryBravo4k", django_user_model),
            "c": _plant(c, "CanaryCharlie7x", django_user_model),
        }


def _page_routes() -> Iterator[str]:
    """Every route of the URL conf as a template ("patients/<str:pseudonym>/"), the API's
    own routes left to the OpenAPI document below."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and not route.startswith("api/v1/"):
                yield route

    yield from walk(get_resolver().url_patterns, "")


_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")


def _filled(template: str, values: dict[str, str]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        assert name in values, f"{template}: no way to fill <{name}>; add it to the planted values"
        return values[name]

    return _PARAMETER.sub(fill, template)


def _takes_an_object(template: str) -> bool:
    return bool(_PARAMETER.search(template))


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
    return given


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


def _no_canary(answer: Any, canaries: list[str], what: str) -> None:
    content = answer.content.decode("utf-8", "replace") if not getattr(answer, "streaming", False) else ""
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
        for template in _page_routes():
            url = "/" + _filled(template, other.values)
            for method in ("get", "post"):
                answer = getattr(client, method)(
                    url, {"q": "Canary"}
                )  # a search that would find every canary
                asked += 1
                if "_auth_user_id" not in client.session:  # that was the sign-out: back in
                    signed_in(client, member)
                _no_canary(answer, canaries, f"{method.upper()} {url} for a {role} of A")
                if _takes_an_object(template) and "<token>" not in template and "<str:token>" not in template:
                    assert answer.status_code in (403, 404, 405), (
                        f"{method.upper()} {url} (clinic {other.clinic.slug}'s object) answered "
                        f"{answer.status_code} to a {role} of A"
                    )
                elif _takes_an_object(template):
                    assert answer.status_code in (404, 405, 410), f"{method.upper()} {url}: a guessed token"
        for method, path, operation in _operations():
            url = _filled(path, other.values) + _query_for(operation)
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
