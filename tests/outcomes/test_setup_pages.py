"""Issue 14: the clinic's own outcome scales and schedules as pages, for the clinic's
administrator and clinicians (the API's roles), through the API's own service: field-named
errors, a failed save changes nothing, every write audited, never a hard delete, another
clinic's scale a 404, assistants and analysts refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.courses.models import Course, CourseSession
from mesodesk.outcomes.models import ClinicInstrument, OutcomeSchedule
from mesodesk.outcomes.selectors import course_due, ratings_due_at_sessions
from tests.conftest import signed_in
from tests.outcomes.conftest import rate

ITCH = {
    "code": "itch",
    "name_en": "Itch",
    "name_fr": "Démangeaison",
    "name_de": "Juckreiz",
    "rater": "clinician",
    "kind": "categorical",
    "choices": "none | None | Aucune | Keine\nmild | Mild | Légère | Leicht\nsevere | Severe | Forte | Stark",
    "better": "lower",
}


def _own(code: str = "itch") -> ClinicInstrument | None:
    with scopes_disabled():
        return ClinicInstrument.objects.filter(code=code).first()


def _add(client: Client, **changes: object) -> Any:
    return client.post("/outcomes/scales/new/", {**ITCH, **changes})


def test_the_administrator_adds_a_scale_and_it_is_audited(client: Client, carol: Any) -> None:
    response = _add(signed_in(client, carol))
    assert response.status_code == 302
    own = _own()
    assert own is not None
    assert (own.name_fr, own.ordered, own.better) == ("Démangeaison", True, "lower")
    assert [c["fr"] for c in own.choices] == ["Aucune", "Légère", "Forte"]
    assert AuditEvent.objects.filter(
        object_type="clinic_instrument", object_id="itch", action="create"
    ).exists()
    page = client.get("/outcomes/scales/").content.decode()
    assert "Itch" in page and "Ordered categories" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": ""}, "Code: This field is required."),
        ({"name_fr": ""}, "Name in French: This field is required."),
        ({"name_de": "x" * 121}, "Name in German: Ensure this value has at most 120 characters"),
        ({"code": "Bad Code"}, "Code: Use lower-case letters, digits, - and _ only."),
        ({"code": "glogau"}, "Code: This code belongs to a built-in instrument."),
        ({"choices": ""}, "Choices: A categorical instrument needs at least two choices."),
        ({"choices": "a | A | A\nb | B | B | B"}, "Choices: Each line needs four parts"),
        ({"choices": "a | A | A | A\na | B | B | B"}, "Choices: Two choices have the same code."),
        ({"choices": "a | A |  | A\nb | B | B | B"}, "Choices: Choice 1 needs its text in English, French and German."),
        ({"kind": "numeric", "minimum": "", "maximum": "10"}, "Minimum: A numeric instrument needs a minimum"),
        ({"kind": "numeric", "minimum": "10", "maximum": "2"}, "Maximum: The maximum must be above the minimum."),
        ({"kind": "numeric", "minimum": "0", "maximum": "1e12"}, "Maximum: Ensure this value is less than or equal to 99999."),
        ({"kind": "numeric", "minimum": "0", "maximum": "10", "decimals": "7"}, "Decimal places: Ensure this value is less than or equal to 2."),
        ({"rater": "robot"}, "Rated by: Select a valid choice."),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_and_saves_nothing(
    client: Client, carol: Any, changes: dict[str, object], message: str
) -> None:
    before = AuditEvent.objects.filter(object_type="clinic_instrument").count()
    response = _add(signed_in(client, carol), **changes)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert _own(str(changes.get("code", "itch"))) is None or changes.get("code") == "glogau"
    assert AuditEvent.objects.filter(object_type="clinic_instrument").count() == before


def test_a_duplicate_code_is_refused_by_page_and_api_alike(client: Client, carol: Any) -> None:
    _add(signed_in(client, carol))
    again = _add(client, name_en="Another itch")
    assert again.status_code == 422
    assert "Code: The clinic already has an instrument with this code." in again.content.decode()
    choices = [{"code": c, "en": c, "fr": c, "de": c} for c in ("a", "b")]
    body = {**ITCH, "choices": choices}
    api = client.post("/api/v1/outcome-instruments", json.dumps(body), content_type="application/json")
    assert api.status_code == 422
    assert api.json()["field"] == "code"
    own = _own()
    assert own is not None and own.name_en == "Itch"


def test_an_edit_keeps_what_answers_need(client: Client, carol: Any, alice: Any, course_a: Course) -> None:
    _add(signed_in(client, carol))
    own = _own()
    assert own is not None
    rate(course_a, alice, "itch", "end", "mild")
    renamed = client.post(f"/outcomes/scales/{own.pk}/", {**ITCH, "name_en": "Itching", "code": "other"})
    assert renamed.status_code == 302
    own.refresh_from_db()
    assert (own.code, own.name_en) == ("itch", "Itching")  # the code never changes
    dropped = client.post(
        f"/outcomes/scales/{own.pk}/", {**ITCH, "choices": "none | None | Aucune | Keine\nx | X | X | X"}
    )
    assert dropped.status_code == 422
    assert "This instrument has answers: keep the choices mild, severe." in dropped.content.decode()
    kind = client.post(
        f"/outcomes/scales/{own.pk}/", {**ITCH, "kind": "numeric", "minimum": "0", "maximum": "3"}
    )
    assert "Kind: This instrument has answers: its kind cannot change." in kind.content.decode()
    own.refresh_from_db()
    assert (own.kind, len(own.choices), own.name_en) == ("categorical", 3, "Itching")


def test_retiring_keeps_the_scale_and_its_answers_and_stops_asking(
    client: Client, carol: Any, alice: Any, course_a: Course
) -> None:
    _add(signed_in(client, carol))
    client.post("/outcomes/schedules/wrinkles_15/", {"at_itch": ["baseline", "end"]})
    own = _own()
    assert own is not None
    rate(course_a, alice, "itch", "baseline", "severe")
    with scope(clinic=course_a.clinic):
        assert [d.instrument for d in course_due(course_a)] == ["itch"]
    assert client.post(f"/outcomes/scales/{own.pk}/retire/").status_code == 302
    own.refresh_from_db()
    assert own.retired_at is not None
    with scope(clinic=course_a.clinic):
        assert course_due(course_a) == []
    assert "Retired" in client.get("/outcomes/scales/").content.decode()
    client.post(f"/outcomes/scales/{own.pk}/retire/", {"restore": "1"})
    own.refresh_from_db()
    assert own.retired_at is None
    assert AuditEvent.objects.filter(object_type="clinic_instrument", action="update").count() == 2


def test_the_schedule_page_sets_what_is_due_and_refuses_an_empty_one(
    client: Client, carol: Any, course_a: Course
) -> None:
    _add(signed_in(client, carol))
    page = client.get("/outcomes/schedules/wrinkles_15/").content.decode()
    assert "Itch" in page and "Wrinkle severity (1–5)" in page
    empty = client.post("/outcomes/schedules/wrinkles_15/", {})
    assert empty.status_code == 422
    assert "Choose at least one timepoint for one instrument." in empty.content.decode()
    with scopes_disabled():
        assert not OutcomeSchedule.objects.exists()
    saved = client.post("/outcomes/schedules/wrinkles_15/", {"at_itch": ["end"], "at_glogau": ["baseline"]})
    assert saved.status_code == 302
    with scope(clinic=course_a.clinic):
        due = {(d.instrument, d.timepoint) for d in course_due(course_a)}
    assert due == {("itch", "end"), ("glogau", "baseline")}
    assert AuditEvent.objects.filter(object_type="outcome_schedule", object_id="wrinkles_15").exists()
    assert "Itch: End of course" in client.get("/outcomes/schedules/").content.decode()
    assert client.get("/outcomes/schedules/no-such-protocol/").status_code == 404


def test_the_clinics_own_clinician_scale_is_due_on_the_session(
    client: Client, carol: Any, course_a: Course
) -> None:
    _add(signed_in(client, carol))
    client.post("/outcomes/schedules/wrinkles_15/", {"at_itch": ["end"]})
    with scope(clinic=course_a.clinic):
        last = CourseSession.objects.filter(course=course_a).order_by("-number").first()
        assert last is not None
        found = ratings_due_at_sessions([last.pk])
    assert found[last.pk].instruments == ("itch",)


def test_another_clinics_scale_is_a_404_and_stays_as_it_was(
    client: Client, carol: Any, charlie: Any, clinic_b: Clinic
) -> None:
    _add(signed_in(client, carol))
    own = _own()
    assert own is not None
    client.logout()
    signed_in(client, charlie)
    assert client.get(f"/outcomes/scales/{own.pk}/").status_code == 404
    assert client.post(f"/outcomes/scales/{own.pk}/", {**ITCH, "name_en": "Hacked"}).status_code == 404
    assert client.post(f"/outcomes/scales/{own.pk}/retire/").status_code == 404
    assert "<code>itch</code>" not in client.get("/outcomes/scales/").content.decode()
    own.refresh_from_db()
    assert (own.name_en, own.retired_at) == ("Itch", None)


def test_assistants_and_analysts_may_not_write(client: Client, carol: Any, bob: Any, nina: Any) -> None:
    _add(signed_in(client, carol))
    own = _own()
    assert own is not None
    client.logout()
    for user in (bob, nina):
        signed_in(client, user)
        assert client.get("/outcomes/scales/").status_code == 403
        assert _add(client, code="other").status_code == 403
        assert client.post(f"/outcomes/scales/{own.pk}/retire/").status_code == 403
        assert client.post("/outcomes/schedules/wrinkles_15/", {"at_itch": ["end"]}).status_code == 403
        client.logout()
    assert _own("other") is None
    own.refresh_from_db()
    assert own.retired_at is None
    with scopes_disabled():
        assert not OutcomeSchedule.objects.exists()


def test_a_clinician_reads_and_writes_as_in_the_api(client: Client, alice: Any) -> None:
    assert _add(signed_in(client, alice)).status_code == 302
    assert client.get("/outcomes/schedules/").status_code == 200
