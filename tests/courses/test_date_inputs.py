"""A browser's date input shows only an ISO value: in French and German pages too."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django_scopes import scope

from mesodesk.courses.models import Course
from mesodesk.patients.models import Patient
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date_values(html: str) -> list[str]:
    return re.findall(r'<input type="date"[^>]*value="([^"]*)"', html)


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_the_booking_form_offers_its_day_as_iso_in_every_language(
    client: Client, alice: Any, course: Course, language: str
) -> None:
    signed_in(client, alice)
    with scope(clinic=course.clinic):
        session = course.sessions.get(number=1)
    html = client.get(
        "/calendar/book/", {"session": session.pk}, HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    values = _date_values(html)
    assert values and all(ISO.match(v) for v in values), values
    assert values[0] == session.due.isoformat()


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_patient_form_keeps_the_date_of_birth_readable(
    client: Client, alice: Any, patient_a: Patient, language: str
) -> None:
    signed_in(client, alice)
    html = client.get(
        f"/patients/{patient_a.pseudonym}/edit/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert _date_values(html) == [patient_a.date_of_birth.isoformat()]
