from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scope

from mesodesk.courses.models import Course
from mesodesk.courses.services import course_create
from mesodesk.outcomes.models import OutcomeResponse
from mesodesk.outcomes.services import outcome_response_record
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.models import Patient

DAY = datetime.timedelta(days=1)


def course_begun(
    patient: Patient,
    clinician: Any,
    days_ago: int = 300,
    indication: str = "wrinkles",
    protocol: str = "wrinkles_15",
    formulation: str = "",
) -> Course:
    """A course whose first session was `days_ago` days ago (entered as begun elsewhere)."""
    with scope(clinic=patient.clinic):
        history_update(patient=patient, answers=HistoryAnswers(), actor=clinician)
        return course_create(
            patient=patient, indication=indication, protocol_code=protocol, formulation=formulation,
            clinician=clinician, start=timezone.localdate() - days_ago * DAY, actor=clinician,
            started_elsewhere=True,
        )  # fmt: skip


def rate(
    course: Course, actor: Any, instrument: str, timepoint: str, value: object, rater: str = "clinician"
) -> OutcomeResponse:
    with scope(clinic=course.clinic):
        return outcome_response_record(
            course=course, instrument=instrument, timepoint=timepoint, answers={"value": value},
            answered_on=timezone.localdate(), actor=actor, rater=rater,
        )  # fmt: skip


@pytest.fixture
def course_a(patient_a: Patient, alice: Any) -> Course:
    return course_begun(patient_a, alice)


def score(value: str) -> Decimal:
    return Decimal(value)
