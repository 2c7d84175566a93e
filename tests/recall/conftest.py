"""Signed session records drawn from lots, at clinic A (Alice) and clinic B (Charlie)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mesodesk.charting.models import SessionRecord
from mesodesk.charting.services import record_open, record_sign, record_update
from mesodesk.charting.services_marks import syringe_add
from mesodesk.inventory.models import Lot
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Appointment
from tests.charting.conftest import CHECKLIST_DONE, PASSWORD, papule
from tests.inventory.conftest import lot_a, lot_b, make_lot, make_product, product_a, product_b  # noqa: F401


def started(patient: Patient, clinician: Any, slot: int) -> Appointment:
    """A started appointment today; `slot` keeps each one at its own quarter hour."""
    start = timezone.localtime().replace(hour=7, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(minutes=15 * slot)
    with scopes_disabled():
        return Appointment.objects.create(
            clinic=patient.clinic, patient=patient, clinician=clinician, kind="mesotherapy",
            start=start, end=start + datetime.timedelta(minutes=15), created_by="test",
            started_at=timezone.now(), started_by=clinician.get_username(),
        )  # fmt: skip


def session_from(
    patient: Patient, clinician: Any, lots: list[tuple[Lot, str]], slot: int, sign: bool = True
) -> SessionRecord:
    """A session record drawing `lots` (lot, ml) into one syringe, signed unless `sign` is False."""
    clinician.set_password(PASSWORD)
    clinician.save()
    appointment = started(patient, clinician, slot)
    with scope(clinic=patient.clinic):
        record = record_open(appointment=appointment, by=clinician)
        record = record_update(record=record, by=clinician, **CHECKLIST_DONE)
        syringe = syringe_add(
            record=record, by=clinician, label="A", lots=[(lot, Decimal(ml)) for lot, ml in lots]
        )
    papule(record, clinician, syringe=syringe)
    if not sign:
        return record
    with scope(clinic=patient.clinic):
        return record_sign(record=record, by=clinician, password=PASSWORD)
