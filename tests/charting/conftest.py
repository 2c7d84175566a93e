"""A mesotherapy appointment today for Claire Martin with Alice, at clinic A, with a MesoLift lot
in stock; clinic B's twin is Charlie's (the canary: nothing of it may reach clinic A)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mesodesk.charting.models import InjectionPoint, SessionRecord
from mesodesk.charting.services import record_open, record_update
from mesodesk.charting.services_marks import point_add, syringe_add
from mesodesk.inventory.models import Lot
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Appointment
from tests.inventory.conftest import lot_a, lot_b, make_lot, make_product, product_a, product_b  # noqa: F401

PASSWORD = "a-long-test-password-2026"  # noqa: S105 - the test users' own


def appointment_today(patient: Patient, clinician: Any, kind: str = "mesotherapy") -> Appointment:
    """Today's appointment, already started: its gates (screening, consent, intervals) are
    scheduling's to test (tests/scheduling/services/test_appointment_start.py); a record opens
    only on a started session, and tests/charting/test_record_open_gates.py shows it."""
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    with scopes_disabled():
        return Appointment.objects.create(
            clinic=patient.clinic, patient=patient, clinician=clinician, kind=kind,
            start=start, end=start + datetime.timedelta(minutes=30), created_by="test",
            started_at=timezone.now(), started_by=clinician.get_username(),
        )  # fmt: skip


@pytest.fixture
def appointment_a(patient_a: Patient, alice: Any) -> Appointment:
    alice.set_password(PASSWORD)
    alice.save()
    return appointment_today(patient_a, alice)


@pytest.fixture
def appointment_b(patient_b: Patient, charlie: Any) -> Appointment:
    return appointment_today(patient_b, charlie)


CHECKLIST_DONE = {
    "screening_current": True, "consent_in_force": True, "precare_followed": True,
    "bruising_resolved": True, "gloves_worn": True, "disinfectant": "chlorhexidine",
}  # fmt: skip


def papule(record: SessionRecord, by: Any, x: float = 50, y: float = 15, **extra: Any) -> InjectionPoint:
    fields: dict[str, Any] = {
        "view": "face_front", "x": x, "y": y, "technique": "papule", "depth_mm": Decimal("1.5"),
        "needle_gauge": 30, "needle_length_mm": Decimal("4"), "volume_ml": Decimal("0.05"), **extra,
    }  # fmt: skip
    with scope(clinic=record.clinic):
        return point_add(record=record, by=by, **fields)


@pytest.fixture
def record_a(appointment_a: Appointment, alice: Any) -> SessionRecord:
    with scope(clinic=appointment_a.clinic):
        return record_open(appointment=appointment_a, by=alice)


def ready_to_sign(record: SessionRecord, by: Any, lot: Lot, volume: str = "2") -> SessionRecord:
    """The checklist ticked, a syringe drawn from `lot`, one papule charted from it."""
    with scope(clinic=record.clinic):
        record = record_update(record=record, by=by, **CHECKLIST_DONE)
        syringe = syringe_add(record=record, by=by, label="A", lots=[(lot, Decimal(volume))])
    papule(record, by, syringe=syringe)
    return record


def on_hand(lot: Lot) -> int:
    with scopes_disabled():
        return Lot.objects.values_list("on_hand", flat=True).get(pk=lot.pk)
