"""A course's outcomes page: what is due, the clinician's rating, the patient's link."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client
from django_scopes import scopes_disabled

from mesodesk.accounts.models import AuditEvent
from mesodesk.courses.models import Course
from mesodesk.outcomes.models import OutcomeLink, OutcomeResponse
from tests.conftest import signed_in


def test_the_clinician_sees_what_is_due_and_rates_it(client: Client, course_a: Course, alice: Any) -> None:
    url = f"/outcomes/courses/{course_a.pk}/"
    html = signed_in(client, alice).get(url).content.decode()
    assert "Wrinkle severity (1–5)" in html
    answer = {"value": "4", "timepoint": "baseline", "answered_on": "2026-01-05"}
    response = client.post(f"{url}rate/wrinkle_severity/", answer)
    assert response.status_code == 302
    with scopes_disabled():
        saved = OutcomeResponse.objects.get()
    assert (saved.instrument, saved.timepoint, saved.score) == ("wrinkle_severity", "baseline", Decimal(4))


def test_reading_the_course_outcomes_is_audited(client: Client, course_a: Course, alice: Any) -> None:
    signed_in(client, alice).get(f"/outcomes/courses/{course_a.pk}/")
    with scopes_disabled():
        assert AuditEvent.objects.filter(object_type="outcome_response", action="read").count() == 1


def test_a_bad_rating_says_which_field(client: Client, course_a: Course, alice: Any) -> None:
    url = f"/outcomes/courses/{course_a.pk}/rate/wrinkle_severity/"
    response = signed_in(client, alice).post(url, {"value": "9", "timepoint": "baseline", "answered_on": "x"})
    assert response.status_code == 422
    assert 'id="error-summary"' in response.content.decode()
    with scopes_disabled():
        assert OutcomeResponse.objects.count() == 0


def test_the_assistant_makes_the_link_but_does_not_rate(client: Client, course_a: Course, bob: Any) -> None:
    signed_in(client, bob)
    response = client.post(f"/outcomes/courses/{course_a.pk}/link/end/")
    assert response.status_code == 200
    assert 'id="outcome-link"' in response.content.decode()
    with scopes_disabled():
        assert OutcomeLink.objects.get().timepoint == "end"
    rated = client.post(
        f"/outcomes/courses/{course_a.pk}/rate/glogau/",
        {"value": "II", "timepoint": "end", "answered_on": "2026-01-05"},
    )
    assert rated.status_code == 403


def test_the_other_clinic_cannot_see_or_answer(client: Client, course_a: Course, charlie: Any) -> None:
    signed_in(client, charlie)
    assert client.get(f"/outcomes/courses/{course_a.pk}/").status_code == 404
    answer = {"value": "4", "timepoint": "baseline", "answered_on": "2026-01-05"}
    assert client.post(f"/outcomes/courses/{course_a.pk}/rate/wrinkle_severity/", answer).status_code == 404
    assert client.post(f"/outcomes/courses/{course_a.pk}/link/end/").status_code == 404
    with scopes_disabled():
        assert OutcomeResponse.objects.count() == 0
        assert OutcomeLink.objects.count() == 0


def test_the_administrator_cannot_open_a_patient_outcomes(
    client: Client, course_a: Course, carol: Any
) -> None:
    assert signed_in(client, carol).get(f"/outcomes/courses/{course_a.pk}/").status_code == 403
