"""Signing a course's session attaches the after-care handout: in the patient's language, kept
as a patient document with its version, made once, linked from the signed record."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from mesodesk.charting.handout import handout_attach
from mesodesk.charting.models import SessionRecord
from mesodesk.charting.services import record_sign
from mesodesk.courses.models import CourseSession
from mesodesk.inventory.models import Product
from mesodesk.patients.models import Patient, PatientDocument
from tests.charting.conftest import PASSWORD, make_lot, ready_to_sign
from tests.charting.fast_helpers import charted, old_lot
from tests.conftest import signed_in
from tests.safety.conftest import course_begun, first_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_a(patient_a: Patient, alice: Any) -> CourseSession:
    with scopes_disabled():
        Patient.objects.filter(pk=patient_a.pk).update(preferred_language="fr")
    return first_session(course_begun(patient_a, alice))


def handouts(patient: Patient) -> list[PatientDocument]:
    with scopes_disabled():
        return list(PatientDocument.objects.filter(patient=patient, kind="after_care"))


def test_signing_attaches_the_after_care_handout_in_the_patients_language(
    session_a: CourseSession, alice: Any, product_a: Product, django_capture_on_commit_callbacks: Any
) -> None:
    lot = old_lot(make_lot, product_a, alice)

    with django_capture_on_commit_callbacks(execute=True):
        record = charted(session_a, alice, lot)

    [handout] = handouts(record.patient)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(handout.pdf))).pages)
    assert handout.language == "fr"
    assert handout.version == "1"
    assert handout.detail["session_record"] == record.pk
    assert "12 heures" in text
    assert "Claire" in text


def test_a_refused_signature_attaches_nothing(
    session_a: CourseSession, alice: Any, product_a: Product, django_capture_on_commit_callbacks: Any
) -> None:
    lot = old_lot(make_lot, product_a, alice)

    with django_capture_on_commit_callbacks(execute=True):
        record = charted(session_a, alice, lot, sign=False)

    assert not handouts(record.patient)


def test_the_handout_is_made_once(
    session_a: CourseSession, alice: Any, product_a: Product, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        record = charted(session_a, alice, old_lot(make_lot, product_a, alice))

    again = handout_attach(record=record, by=alice)

    assert [d.pk for d in handouts(record.patient)] == [again.pk if again else None]


def test_a_session_outside_a_course_has_no_handout_to_attach(
    record_a: SessionRecord, alice: Any, lot_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ready_to_sign(record_a, alice, lot_a)
    with django_capture_on_commit_callbacks(execute=True), scope(clinic=record_a.clinic):
        record_sign(record=record_a, by=alice, password=PASSWORD)

    assert not handouts(record_a.patient)


def test_the_signed_record_links_its_handout(
    client: Client, session_a: CourseSession, alice: Any, product_a: Product,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        record = charted(session_a, alice, old_lot(make_lot, product_a, alice))
    [handout] = handouts(record.patient)
    signed_in(client, alice)

    page = client.get(f"/charting/records/{record.pk}/").content.decode()

    assert f"/documents/{handout.pk}.pdf" in page
