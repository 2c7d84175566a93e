from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scope

from mesodesk.courses.models import Course, CourseSession
from mesodesk.courses.services import course_create
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.models import Patient
from mesodesk.safety.models import AdverseEvent
from mesodesk.safety.services import adverse_event_create

DAY = datetime.timedelta(days=1)


def course_begun(patient: Patient, clinician: Any, days_ago: int = 20) -> Course:
    """A course of wrinkles_15 whose first session was `days_ago` days ago (entered as begun
    elsewhere, so its first session's day is in the past, as an adverse event's must be)."""
    with scope(clinic=patient.clinic):
        history_update(patient=patient, answers=HistoryAnswers(), actor=clinician)
        return course_create(
            patient=patient, indication="wrinkles", protocol_code="wrinkles_15", formulation="",
            clinician=clinician, start=timezone.localdate() - days_ago * DAY, actor=clinician,
            started_elsewhere=True,
        )  # fmt: skip


def first_session(course: Course) -> CourseSession:
    with scope(clinic=course.clinic):
        return course.sessions.select_related("course").get(number=1)


def report(
    session: CourseSession, actor: Any, kind: str = "infection", days_after: int = 2, **kw: Any
) -> AdverseEvent:
    with scope(clinic=session.clinic):
        return adverse_event_create(
            session=session, kind=kind, onset=session.due + days_after * DAY, actor=actor, **kw
        )


@pytest.fixture
def session_a(patient_a: Patient, alice: Any) -> CourseSession:
    return first_session(course_begun(patient_a, alice))
