"""Adverse events name the lots injected; infections sharing a lot or a product raise the signal."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.test import Client
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.models import Clinic
from mesodesk.inventory.models import Lot, Product
from mesodesk.patients.models import Patient
from mesodesk.safety.models import AdverseEvent, SafetySignal
from tests.conftest import make_member, make_patient, signed_in
from tests.safety.conftest import course_begun, first_session, report


def make_lot(clinic: Clinic, number: str, product: Product | None = None) -> Lot:
    with scopes_disabled():
        product = product or Product.objects.create(
            clinic=clinic, name=f"Meso {number}", manufacturer="Lab", presentation="vial", volume_ml=5
        )
        return Lot.objects.create(
            clinic=clinic, product=product, number=number, expires=datetime.date(2030, 1, 1),
            quantity_received=10, supplier="S", received_on=datetime.date(2026, 1, 1), on_hand=10,
        )  # fmt: skip


def test_two_clinicians_infections_sharing_a_lot_raise_a_lot_and_a_product_signal(
    patient_a: Patient, clinic_a: Clinic, alice: Any, django_user_model: Any
) -> None:
    dora = make_member(django_user_model, "dora", clinic_a, "clinician")
    lot = make_lot(clinic_a, "L-2031")
    report(first_session(course_begun(patient_a, alice)), alice, lots=[lot])
    report(first_session(course_begun(make_patient(clinic_a, "Bernard", "Paul"), dora)), dora, lots=[lot])
    with scopes_disabled():
        found = {(s.dimension, s.key) for s in SafetySignal.objects.all()}
    assert found == {("lot", str(lot.pk)), ("product", str(lot.product_id))}


def test_different_lots_of_one_product_raise_only_the_product_signal(
    patient_a: Patient, clinic_a: Clinic, alice: Any, django_user_model: Any
) -> None:
    dora = make_member(django_user_model, "dora", clinic_a, "clinician")
    first = make_lot(clinic_a, "L-1")
    second = make_lot(clinic_a, "L-2", product=first.product)
    report(first_session(course_begun(patient_a, alice)), alice, lots=[first])
    report(first_session(course_begun(make_patient(clinic_a, "Bernard", "Paul"), dora)), dora, lots=[second])
    with scopes_disabled():
        assert [s.dimension for s in SafetySignal.objects.all()] == ["product"]


def test_the_signal_page_names_the_lot(
    client: Client, patient_a: Patient, clinic_a: Clinic, alice: Any, django_user_model: Any
) -> None:
    dora = make_member(django_user_model, "dora", clinic_a, "clinician")
    lot = make_lot(clinic_a, "L-2031")
    report(first_session(course_begun(patient_a, alice)), alice, lots=[lot])
    report(first_session(course_begun(make_patient(clinic_a, "Bernard", "Paul"), dora)), dora, lots=[lot])
    with scopes_disabled():
        signal = SafetySignal.objects.get(dimension="lot")
    page = signed_in(client, alice).get(f"/safety/signals/{signal.pk}/").content.decode()
    assert "the lot L-2031 of Meso L-2031" in page


def test_the_staff_form_offers_this_clinics_lots_only(
    client: Client, patient_a: Patient, clinic_a: Clinic, clinic_b: Clinic, alice: Any
) -> None:
    ours, theirs = make_lot(clinic_a, "OURS-1"), make_lot(clinic_b, "THEIRS-9")
    session = first_session(course_begun(patient_a, alice))
    signed_in(client, alice)
    page = client.get(f"/safety/sessions/{session.pk}/report/").content.decode()
    assert "OURS-1" in page and "THEIRS-9" not in page
    onset = (session.due + datetime.timedelta(days=1)).isoformat()
    form = {"kind": "infection", "onset": onset, "severity": "mild", "outcome": "ongoing"}
    assert (
        client.post(f"/safety/sessions/{session.pk}/report/", {**form, "lots": [theirs.pk]}).status_code
        == 422
    )
    client.post(f"/safety/sessions/{session.pk}/report/", {**form, "lots": [ours.pk]})
    with scope(clinic=clinic_a):
        assert list(AdverseEvent.objects.get().lots.all()) == [ours]


def test_the_api_takes_lot_ids_and_refuses_another_clinics(
    client: Client, patient_a: Patient, clinic_a: Clinic, clinic_b: Clinic, alice: Any
) -> None:
    ours, theirs = make_lot(clinic_a, "OURS-1"), make_lot(clinic_b, "THEIRS-9")
    session = first_session(course_begun(patient_a, alice))
    signed_in(client, alice)
    body = {"session_id": session.pk, "kind": "infection", "onset": session.due.isoformat()}
    refused = client.post(
        "/api/v1/adverse-events",
        json.dumps({**body, "lot_ids": [theirs.pk]}),
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["field"] == "lot_ids"
    created = client.post(
        "/api/v1/adverse-events", json.dumps({**body, "lot_ids": [ours.pk]}), content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["lot_ids"] == [ours.pk]
