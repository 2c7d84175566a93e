"""Hostile text in every text field of every form and API operation: stored as given, shown
escaped in every page, the consent's PDF and the calendar files; a SQL-looking search finds
nothing it should not.

The fields are discovered: the forms from each page's HTML (every text input and textarea
of every form a page shows), the API's from the OpenAPI document (every free-text string of
every request body), so a new form or operation is covered without editing this file."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from typing import Any

import icalendar
import pytest
from django.test import Client
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from mesodesk.accounts.models import Clinic, Network, Role
from mesodesk.api.urls import api
from mesodesk.patients.consent import consent_sign
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.models import PhotoScope
from mesodesk.scheduling.models import Appointment, Room
from tests.conftest import make_patient, signed_in
from tests.corpus import MARK, SQL, XSS, text_payloads
from tests.security.planted import Planted, filled, page_routes, plant

pytestmark = pytest.mark.django_db

_TEXT_INPUTS = {"text", "search", "email", "tel", "url", ""}


class _Forms(HTMLParser):
    """Each POST form of a page: its action and its fields, text ones apart."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "post": (a.get("method") or "").lower() == "post",
                               "texts": [], "others": {}})  # fmt: skip
        elif not self.forms or not a.get("name"):
            return
        elif tag == "textarea" or (tag == "input" and (a.get("type") or "") in _TEXT_INPUTS):
            self.forms[-1]["texts"].append(a["name"])
        elif tag == "input" and a.get("type") in {"hidden", "date", "time", "number", "datetime-local"}:
            self.forms[-1]["others"][a["name"]] = a.get("value") or ""
        elif (
            tag == "input"
            and a.get("type") in {"checkbox", "radio"}
            and a["name"] not in self.forms[-1]["others"]
        ):
            self.forms[-1]["others"][a["name"]] = a.get("value") or "on"
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and self._select not in self.forms[-1]["others"]:
            if a.get("value"):
                self.forms[-1]["others"][self._select] = a["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


@pytest.fixture
def mine(django_user_model: Any) -> Planted:
    with scopes_disabled():
        network = Network.objects.create(name="Injection network")
        clinic = Clinic.objects.create(network=network, name="Clinique I", slug="i")
        return plant(clinic, "Harmless", django_user_model)


def _pages(planted: Planted) -> list[str]:
    return ["/" + filled(route, planted.values) for route in page_routes() if "token" not in route]


def _no_raw_payload(client: Client, urls: list[str]) -> str:
    """Every page as HTML, checked for an unescaped payload; returns them all, joined."""
    shown = []
    for url in urls:
        answer = client.get(url)
        if "html" in answer.get("Content-Type", ""):
            page = answer.content.decode()
            assert MARK not in page, f"{url} shows a stored payload unescaped"
            shown.append(page)
    return "\n".join(shown)


def test_every_form_takes_hostile_text_and_every_page_shows_it_escaped(client: Client, mine: Planted) -> None:
    with scopes_disabled():
        clinician = mine.clinic.memberships.get(role=Role.CLINICIAN).user
    signed_in(client, clinician)
    pages = _pages(mine)
    posted = 0
    for url in pages:
        answer = client.get(url)
        if answer.status_code != 200 or "html" not in answer.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(answer.content.decode())
        for form in (f for f in parser.forms if f["post"] and f["texts"]):
            for payload in text_payloads():
                data = {**form["others"], **dict.fromkeys(form["texts"], payload)}
                reply = client.post(form["action"] or url, data)
                posted += 1
                assert reply.status_code < 500, f"{url}: {form['texts']} with {payload!r}"
                assert MARK not in reply.content.decode(errors="replace"), (
                    f"{url} echoes {payload!r} unescaped"
                )
                if "_auth_user_id" not in client.session:
                    signed_in(client, clinician)
    assert posted > 20
    shown = _no_raw_payload(client, pages)
    assert "&lt;script&gt;alert(" in shown or "&lt;script&gt;alert(&#x27;" in shown, "no payload was stored"


def _free_texts(schema: dict[str, Any]) -> list[str]:
    return [
        name
        for name, field in schema.get("properties", {}).items()
        if "enum" not in field and "format" not in field
        and (field.get("type") == "string" or any(k.get("type") == "string" for k in field.get("anyOf", ())))
    ]  # fmt: skip


def test_every_api_text_field_takes_hostile_text_and_pages_show_it_escaped(
    client: Client, mine: Planted
) -> None:
    with scopes_disabled():
        clinician = mine.clinic.memberships.get(role=Role.CLINICIAN).user
    signed_in(client, clinician)
    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    sent = 0
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody")
            if not body or "security" not in operation:
                continue
            schema = components[body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]]
            for name in _free_texts(schema):
                if name in mine.values:  # a reference to an object (patient, clinician), not free text
                    continue
                for payload in text_payloads():
                    given = {name: payload}
                    if name in schema.get("required", []) or schema.get("required"):
                        given = {**_required(schema, mine), **given}
                    answer = client.generic(method.upper(), filled(path, mine.values), json.dumps(given),
                                            content_type="application/json")  # fmt: skip
                    sent += 1
                    assert answer.status_code < 500, (path, name, payload, answer.content[:300])
                    assert answer["Content-Type"].startswith("application/json")
    assert sent > 20
    _no_raw_payload(client, _pages(mine))


def _required(schema: dict[str, Any], mine: Planted) -> dict[str, Any]:
    given: dict[str, Any] = {}
    for name in schema.get("required", []):
        field = schema["properties"][name]
        if name in mine.values:
            given[name] = mine.values[name]
        elif field.get("format") == "date":
            given[name] = "1980-05-17"
        elif field.get("enum"):
            given[name] = field["enum"][0]
        else:
            given[name] = "Harmless"
    return given


def test_a_sql_looking_search_finds_nothing(client: Client, mine: Planted) -> None:
    with scopes_disabled():
        clinician = mine.clinic.memberships.get(role=Role.CLINICIAN).user
    signed_in(client, clinician)
    for payload in SQL:
        assert client.get("/api/v1/patients", {"q": payload}).json() == []
        assert "Harmless-family" not in client.get("/patients/", {"q": payload}).content.decode()


def test_a_hostile_name_is_text_in_the_consent_pdf(client: Client, mine: Planted) -> None:
    with scopes_disabled():
        clinician = mine.clinic.memberships.get(role=Role.CLINICIAN).user
    family = "<b>Bold</b>&amp;"
    patient = make_patient(mine.clinic, family=family, given=XSS[0])
    with scope(clinic=mine.clinic):
        history_update(patient=patient, answers=HistoryAnswers(), actor=clinician)
        consent = consent_sign(
            patient=patient, indication="wrinkles", typed_name=f"{XSS[0]} {family}", signature="",
            photo_scope=PhotoScope.NONE, actor=clinician, sign_by_typing=True,
        )  # fmt: skip
    signed_in(client, clinician)
    answer = client.get(f"/patients/{patient.pseudonym}/consents/{consent.pk}.pdf")
    assert answer.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    assert "<b>Bold</b>&amp;" in " ".join(text.split())


def test_a_hostile_room_name_cannot_add_lines_to_a_calendar_file(client: Client, mine: Planted) -> None:
    with scopes_disabled():
        clinician = mine.clinic.memberships.get(role=Role.CLINICIAN).user
        appointment = Appointment.objects.get(pk=mine.values["appointment_id"])
        name = "S1\r\nATTENDEE:mailto:e@x.org\r\nEND:VEVENT;<script>"  # 60 at most
        Room.objects.filter(pk=appointment.room_id).update(name=name)
    signed_in(client, clinician)
    answer = client.get(f"/calendar/appointments/{appointment.pk}.ics")
    assert answer.status_code == 200
    calendar = icalendar.Calendar.from_ical(answer.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert "ATTENDEE" not in events[0]
    assert str(events[0]["LOCATION"]) == name.replace("\r\n", "\n")  # the line breaks kept, as text
