"""Every field that takes text has a length limit: 100 000 characters in any of them answer
with a message naming the field, never a 500, and nothing is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django_scopes import scope

from mesodesk.patients.models import Patient, ReportedAllergy
from tests.conftest import signed_in
from tests.patients.test_consent import sign

pytestmark = pytest.mark.django_db

HUGE = "x" * 100_000


@dataclass(frozen=True)
class Form:
    name: str
    url: str  # {p} is the patient's id, {a} a reported allergy's
    fields: dict[str, str]  # field name -> its label, as the message names it
    valid: dict[str, str] = field(default_factory=dict)
    method: str = "post"
    who: str = "alice"


PATIENT = {"family_name": "Roux", "given_name": "Anne", "date_of_birth": "1979-02-03", "sex": "female",
           "preferred_language": "en"}  # fmt: skip
FORMS = [
    Form(
        "register",
        "/patients/new/",
        {
            "family_name": "Family name",
            "given_name": "Given name",
            "phone": "Phone",
            "email": "E-mail",
            "notes": "Notes",
        },
        PATIENT,
    ),  # fmt: skip
    Form(
        "edit",
        "/patients/{p}/edit/",
        {
            "family_name": "Family name",
            "given_name": "Given name",
            "phone": "Phone",
            "email": "E-mail",
            "notes": "Notes",
        },
        PATIENT,
    ),  # fmt: skip
    Form(
        "history",
        "/patients/{p}/history/",
        {
            "other_allergies": "Other allergies (one per line)",
            "other_medications": "Other medicines you take (one per line)",
            "goals": "What would you like to achieve?",
        },
    ),  # fmt: skip
    Form(
        "consent",
        "/patients/{p}/consents/new/?indication=hair_loss",
        {"typed_name": "Patient's full name"},
        {"photo_scope": "record", "sign_by_typing": "on"},
    ),  # fmt: skip
    Form(
        "acknowledge",
        "/patients/{p}/acknowledge/",
        {"reason": "Reason for going ahead"},
        {"indication": "hair_loss", "code": "herpes_tendency"},
    ),  # fmt: skip
    Form("allergy review", "/patients/{p}/allergies/{a}/review/", {"note": "Review"}),
    Form("withdraw", "/patients/{p}/consents/{c}/withdraw/", {"reason": "What the patient said"}),
    Form("search", "/patients/", {"q": "Search by name, date of birth (YYYY-MM-DD) or id"}, method="get"),
    Form(
        "audit filter",
        "/administration/audit/",
        {"person": "Person", "patient": "Patient id"},
        method="get",
        who="carol",
    ),  # fmt: skip
    Form(
        "sign in",
        "/sign-in/",
        {"username": "User name", "password": "Password"},
        {"username": "alice"},
        who="",
    ),  # fmt: skip
]
CASES = [(form, name, label) for form in FORMS for name, label in form.fields.items()]


@pytest.mark.parametrize(("form", "name", "label"), CASES, ids=[f"{f.name}-{n}" for f, n, _ in CASES])
def test_a_huge_text_is_refused_naming_the_field(
    client: Client, alice: Any, carol: Any, patient_a: Patient, form: Form, name: str, label: str
) -> None:
    with scope(clinic=patient_a.clinic):
        allergy = ReportedAllergy.objects.create(clinic=patient_a.clinic, patient=patient_a, text="pollen")
    # Ids come from the database: PostgreSQL's sequences do not restart with each test.
    consent_id = sign(patient_a, alice).pk if form.name == "withdraw" else 0
    if form.who:
        signed_in(client, {"alice": alice, "carol": carol}[form.who])
    url = form.url.format(p=patient_a.pseudonym, a=allergy.pk, c=consent_id)
    data = {**form.valid, name: HUGE}
    answer = getattr(client, form.method)(url, data, follow=True)
    assert answer.status_code in (200, 422)
    page = answer.content.decode().replace("&#x27;", "'")
    assert label in page and "at most" in page, page[:3000]
