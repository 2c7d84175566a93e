from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_scopes import scope
from pypdf import PdfReader

from mesodesk.accounts.models import AuditEvent
from mesodesk.patients.consent import consent_in_force, consent_revoke, consent_sign, consent_template_current
from mesodesk.patients.models import Consent, ConsentTemplate, Patient
from tests.conftest import signed_in
from tests.patients.helpers import signature_data_url

pytestmark = pytest.mark.django_db


def sign(patient: Patient, actor: Any, **overrides: Any) -> Consent:
    values = {
        "indication": "hair_loss",
        "typed_name": "Claire Martin",
        "signature": signature_data_url(),
        "photo_scope": "record",
        **overrides,
    }
    with scope(clinic=patient.clinic):
        return consent_sign(patient=patient, actor=actor, **values)


def pdf_text(consent: Consent) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(consent.pdf))).pages)


def test_the_template_is_built_from_the_knowledge_base_and_versioned(db: Any) -> None:
    template = consent_template_current("hair_loss", "en")
    assert template.version == 1 and consent_template_current("hair_loss", "en") == template
    for fact in (
        "NWM-MesoHair",
        "Hair loss, 8 sessions",
        "Bruising at the injection sites",
        "a few days",
        "No bath or shower for 12 hours",
    ):
        assert fact in template.body, fact
    ConsentTemplate.objects.filter(pk=template.pk).update(
        sha256="0" * 64
    )  # as if the knowledge base had changed
    assert consent_template_current("hair_loss", "en").version == 2


def test_a_signed_consent_is_a_pdf_that_holds_the_name_and_the_version(
    patient_a: Patient, alice: Any
) -> None:
    consent = sign(patient_a, alice)
    text = pdf_text(consent)
    assert (
        "MARTIN Claire" in text
        and "Hair loss (alopecia), version 1 (English" in " ".join(text.split())
        and "Photos for the clinical record only" in text
    )
    assert "hair_loss-en-v1" not in text, "the version by its label, not its code"
    assert consent.pdf_sha256 == hashlib.sha256(bytes(consent.pdf)).hexdigest()
    assert AuditEvent.objects.filter(action="sign", object_type="consent", patient_id=patient_a.pk).exists()
    with scope(clinic=patient_a.clinic):
        assert consent_in_force(patient=patient_a, indication="hair_loss") == consent
        assert consent_in_force(patient=patient_a, indication="wrinkles") is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"typed_name": ""}, "typed_name"),
        ({"typed_name": "Someone Else"}, "typed_name"),
        ({"signature": ""}, "signature"),
        ({"signature": signature_data_url(blank=True)}, "signature"),
        ({"signature": "data:image/png;base64,not-base64!"}, "signature"),
        ({"signature": "data:image/png;base64,aGVsbG8="}, "signature"),
        ({"photo_scope": "everything"}, "photo_scope"),
        ({"indication": "botox"}, "indication"),
    ],
)
def test_a_bad_signature_is_refused_naming_the_field_and_nothing_is_stored(
    patient_a: Patient, alice: Any, overrides: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        sign(patient_a, alice, **overrides)
    assert field in error.value.message_dict
    with scope(clinic=patient_a.clinic):
        assert not Consent.objects.exists()


def test_withdrawal_is_recorded_and_honoured_and_the_pdf_is_untouched(patient_a: Patient, alice: Any) -> None:
    consent = sign(patient_a, alice, photo_scope="teaching")
    pdf_before = bytes(consent.pdf)
    with scope(clinic=patient_a.clinic):
        consent_revoke(
            consent=consent, reason="No longer wants photos used for teaching", actor=alice, photos_only=True
        )
        consent.refresh_from_db()
        assert consent.effective_photo_scope == "none" and consent.is_valid
        consent_revoke(consent=consent, reason="Stops the treatment", actor=alice)
        consent.refresh_from_db()
        assert not consent.is_valid and consent_in_force(patient=patient_a, indication="hair_loss") is None
    assert bytes(consent.pdf) == pdf_before


def test_signing_from_the_browser_form_and_downloading_the_pdf(
    client: Client, bob: Any, patient_a: Patient
) -> None:
    signed_in(client, bob)
    page = client.get(f"/patients/{patient_a.pseudonym}/consents/new/", {"indication": "hair_loss"})
    assert page.status_code == 200 and "signature-pad" in page.content.decode()
    bad = client.post(
        f"/patients/{patient_a.pseudonym}/consents/new/?indication=hair_loss",
        {"photo_scope": "record", "typed_name": "Claire Martin", "signature": ""},
    )
    assert bad.status_code == 422 and "Signature: Sign in the box" in bad.content.decode()
    good = client.post(
        f"/patients/{patient_a.pseudonym}/consents/new/?indication=hair_loss",
        {"photo_scope": "record", "typed_name": "Claire Martin", "signature": signature_data_url()},
    )
    assert good.status_code == 302
    with scope(clinic=patient_a.clinic):
        consent = Consent.objects.get()
    download = client.get(f"/patients/{patient_a.pseudonym}/consents/{consent.pk}.pdf")
    assert download["Content-Type"] == "application/pdf" and download.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", object_type="consent_pdf").exists()
    detail = client.get(f"/patients/{patient_a.pseudonym}/", {"indication": "hair_loss"}).content.decode()
    assert "hair_loss-en-v1" in detail and "No consent in force" not in detail
