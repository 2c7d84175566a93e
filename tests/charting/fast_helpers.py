"""A signed session some days ago, for the tests that repeat it, print it or list it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mesodesk.charting.models import SessionRecord
from mesodesk.charting.services import record_open, record_sign
from mesodesk.charting.services_marks import area_add
from mesodesk.courses.models import CourseSession
from mesodesk.inventory.models import Lot
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Appointment
from tests.charting.conftest import PASSWORD, ready_to_sign


def appointment_on(patient: Patient, clinician: Any, days_ago: int) -> Appointment:
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) - datetime.timedelta(
        days=days_ago
    )
    with scopes_disabled():
        return Appointment.objects.create(
            clinic=patient.clinic, patient=patient, clinician=clinician, kind="mesotherapy",
            start=start, end=start + datetime.timedelta(minutes=30), created_by="test",
            started_at=start, started_by=clinician.get_username(),
        )  # fmt: skip


def signed_session(patient: Patient, clinician: Any, lot: Lot, days_ago: int = 14) -> SessionRecord:
    """A session `days_ago`: one papule on the face and a nappage area on the scalp, signed."""
    if not clinician.check_password(PASSWORD):
        clinician.set_password(PASSWORD)
        clinician.save()
    appointment = appointment_on(patient, clinician, days_ago)
    with scope(clinic=patient.clinic):
        record = record_open(appointment=appointment, by=clinician)
    record = ready_to_sign(record, clinician, lot)
    with scope(clinic=patient.clinic):
        area_add(
            record=record, by=clinician, view="scalp_top", polygon=[[40, 35], [60, 35], [60, 60], [40, 60]],
            depth_mm=Decimal(1), needle_length_mm=Decimal(4), pricks_per_second=Decimal(3),
            total_volume_ml=Decimal("0.5"),
        )  # fmt: skip
        return record_sign(record=record, by=clinician, password=PASSWORD)


def old_lot(lot_maker: Any, product: Any, actor: Any, number: str = "L-OLD") -> Lot:
    today = timezone.localdate()
    return lot_maker(product, actor, number=number, received_on=today - datetime.timedelta(days=60))


def charted(
    session: CourseSession, clinician: Any, lot: Lot, sign: bool = True, hour: int = 9
) -> SessionRecord:
    """The session's appointment, charted with one syringe from `lot`, signed or left a draft."""
    start = timezone.make_aware(datetime.datetime.combine(session.due, datetime.time(hour)))
    with scopes_disabled():
        appointment = Appointment.objects.create(
            clinic=session.clinic, patient=session.course.patient, clinician=clinician, kind="mesotherapy",
            start=start, end=start + datetime.timedelta(minutes=30), created_by="test", started_at=start,
            started_by=clinician.get_username(), course_session=session,
        )  # fmt: skip
    clinician.set_password(PASSWORD)
    clinician.save()
    with scope(clinic=session.clinic):
        record = record_open(appointment=appointment, by=clinician)
    record = ready_to_sign(record, clinician, lot)
    if sign:
        with scope(clinic=session.clinic):
            record = record_sign(record=record, by=clinician, password=PASSWORD)
    return record
