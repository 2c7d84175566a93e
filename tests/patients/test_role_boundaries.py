"""The roles as the README states them: an administrator sees no patient's name anywhere,
and every page that shows a patient writes its audit row.

One case per view that renders a patient's name (the templates that print `family_name`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django_scopes import scope, scopes_disabled

from mesodesk.courses.models import Course
from mesodesk.patients.models import Patient
from tests.audit_reads import patients_audited
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Patient, Course], str]
    method: str = "get"


PAGES = [
    Page("patient list", lambda p, c: "/patients/"),
    Page("patient search", lambda p, c: f"/patients/?q={p.family_name}"),
    Page("patient detail", lambda p, c: f"/patients/{p.pseudonym}/"),
    Page("patient edit", lambda p, c: f"/patients/{p.pseudonym}/edit/"),
    Page("history", lambda p, c: f"/patients/{p.pseudonym}/history/"),
    Page("intake link", lambda p, c: f"/patients/{p.pseudonym}/intake-link/", "post"),
    Page("consent", lambda p, c: f"/patients/{p.pseudonym}/consents/new/?indication=hair_loss"),
    Page("new course", lambda p, c: f"/courses/new/{p.pseudonym}/"),
    Page("course", lambda p, c: f"/courses/{c.pk}/"),
    Page("booking for a patient", lambda p, c: f"/calendar/book/?patient={p.pseudonym}"),
    Page("booking a session", lambda p, c: f"/calendar/book/?session={c.sessions.get(number=1).pk}"),
]


def _reads(patient: Patient) -> int:
    with scopes_disabled():
        return patients_audited().count(patient.pk)


def _open(client: Client, page: Page, patient: Patient, course: Course) -> Any:
    with scope(clinic=patient.clinic):
        url = page.url(patient, course)
    return getattr(client, page.method)(url)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_an_administrator_never_sees_the_patients_name(
    client: Client, carol: Any, patient_a: Patient, course: Course, page: Page
) -> None:
    signed_in(client, carol)
    before = _reads(patient_a)
    with scope(clinic=patient_a.clinic):
        url = page.url(patient_a, course)
    answer = _open(client, page, patient_a, course)
    assert answer.status_code == 403
    shown = answer.content.decode().replace(url, "")  # the address asked for is echoed (language switch)
    assert patient_a.family_name.upper() not in shown.upper() and patient_a.given_name not in shown
    assert _reads(patient_a) == before  # nothing shown, nothing read


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_page_that_shows_a_patient_writes_its_audit_row(
    client: Client, alice: Any, patient_a: Patient, course: Course, page: Page
) -> None:
    signed_in(client, alice)
    before = _reads(patient_a)
    answer = _open(client, page, patient_a, course)
    assert answer.status_code == 200
    assert patient_a.family_name.upper() in answer.content.decode().upper()
    assert _reads(patient_a) > before


def test_the_booking_page_does_not_leak_another_clinics_patient(
    client: Client, alice: Any, patient_b: Patient
) -> None:
    signed_in(client, alice)
    answer = client.get(f"/calendar/book/?patient={patient_b.pseudonym}")
    assert answer.status_code == 404 and "Canary" not in answer.content.decode()
