"""Scheduling's reactions to events from the apps below it."""

from __future__ import annotations

import datetime
from typing import Any

from django.dispatch import receiver
from django_scopes import scope

from mesodesk.courses.events import course_completed
from mesodesk.courses.models import Course
from mesodesk.patients.events import screening_changed
from mesodesk.patients.models import Patient
from mesodesk.scheduling.reminders import recall_schedule
from mesodesk.scheduling.services_recheck import appointments_recheck


@receiver(course_completed)
def plan_maintenance_recall(
    sender: Any, *, course: Course, last_session_day: datetime.date, **kwargs: Any
) -> None:
    # Runs after the commit, perhaps outside the request's scope: open the course's own.
    with scope(clinic=course.clinic):
        recall_schedule(course=course, last_session_day=last_session_day)


@receiver(screening_changed)
def recheck_booked_sessions(sender: Any, *, patient: Patient, **kwargs: Any) -> None:
    """A new history, acknowledgement or review: the gates of every future appointment run again."""
    with scope(clinic=patient.clinic):
        appointments_recheck(patient=patient)
