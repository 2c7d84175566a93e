from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scope

from mesodesk.accounts.models import Clinic
from mesodesk.courses.models import Course
from mesodesk.courses.services import course_create
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Room


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def start_day() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=10)


def history_taken(patient: Patient, actor: Any, **answers: Any) -> None:
    """The patient answered the medical history (nothing to report unless `answers` say so):
    a course and a mesotherapy booking need one."""
    with scope(clinic=patient.clinic):
        history_update(patient=patient, answers=HistoryAnswers(**answers), actor=actor)


def ready_for_mesotherapy(patient: Patient, actor: Any, start: datetime.date | None = None) -> Course:
    """A history taken and a course of hair_loss_8 started: the patient may be booked ad hoc."""
    history_taken(patient, actor)
    with scope(clinic=patient.clinic):
        return course_create(
            patient=patient, indication="hair_loss", protocol_code="hair_loss_8", formulation="mesohair",
            clinician=actor, start=start or timezone.localdate() + datetime.timedelta(days=30), actor=actor,
        )  # fmt: skip


@pytest.fixture
def course(patient_a: Patient, alice: Any, start_day: datetime.date) -> Course:
    history_taken(patient_a, alice)
    with scope(clinic=patient_a.clinic):
        return course_create(
            patient=patient_a, indication="hair_loss", protocol_code="hair_loss_8", formulation="mesohair",
            clinician=alice, start=start_day, actor=alice,
        )  # fmt: skip


@pytest.fixture
def room_a(clinic_a: Clinic) -> Room:
    return Room.objects.create(clinic=clinic_a, name="Room 1")
