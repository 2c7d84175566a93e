"""A consent a patient can read and sign: their text only, the clinic's prices, articles by
title, the witness by name, no promise the system does not keep, and a typed signature."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django_scopes import scope
from pypdf import PdfReader

from mesodesk.courses.models import PriceList
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.consent import consent_sign, consent_template_current
from mesodesk.patients.models import Consent, Patient
from tests.conftest import signed_in
from tests.patients.helpers import signature_data_url

pytestmark = pytest.mark.django_db


def pdf_text(consent: Consent) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(consent.pdf))).pages)


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_the_text_is_for_the_patient_only(db: Any, language: str) -> None:
    body = consent_template_current("hair_loss", language).body
    kb = load_knowledge()
    for source in kb.sources:
        assert source.id not in body  # articles by title, never by id
    assert "“Mesotherapy”" in body
    for reference_currency in ("USD", "$", "250"):
        assert reference_currency not in body  # the articles' price ranges are not the clinic's
    for promise in ("batch", "de lot", "Charge"):
        assert promise not in body  # no batch recording yet, so no promise of one
    assert "examine the patient" not in body and "examiner" not in body and "untersuchen" not in body


def test_the_consent_states_the_clinics_own_prices_and_names_the_witness(
    patient_a: Patient, alice: Any
) -> None:
    alice.first_name, alice.last_name = "Alice", "Durand"
    alice.save()
    PriceList.objects.create(
        clinic=patient_a.clinic, currency="EUR", per_session=Decimal("120"), package_sessions=8,
        package_price=Decimal("900"),
    )  # fmt: skip
    with scope(clinic=patient_a.clinic):
        consent = consent_sign(
            patient=patient_a, indication="hair_loss", typed_name="Claire Martin",
            signature=signature_data_url(), photo_scope="record", actor=alice,
        )  # fmt: skip
    text = " ".join(pdf_text(consent).split())  # as read, whatever the PDF's line breaks
    assert "120.00 EUR" in text and "900.00 EUR" in text and "USD" not in text
    assert "in the presence of Alice Durand" in text and "alice" not in text


def test_a_patient_signs_with_the_keyboard_by_typing_their_name(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    signed_in(client, alice)
    url = f"/patients/{patient_a.pseudonym}/consents/new/?indication=hair_loss"
    page = client.get(url).content.decode()
    assert 'name="sign_by_typing"' in page
    answer = client.post(
        url, {"photo_scope": "record", "typed_name": "Claire Martin", "sign_by_typing": "on"}
    )
    assert answer.status_code == 302
    with scope(clinic=patient_a.clinic):
        consent = Consent.objects.get(patient=patient_a)
    assert "Signed by typing the name" in pdf_text(consent)


def test_without_a_drawn_or_typed_signature_the_error_is_announced(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    signed_in(client, alice)
    url = f"/patients/{patient_a.pseudonym}/consents/new/?indication=hair_loss"
    page = client.post(url, {"photo_scope": "record", "typed_name": "Claire Martin"}).content.decode()
    assert 'id="error-summary" role="alert"' in page and "Signature: Sign in the box" in page
