from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scope

from mesodesk.accounts.models import Clinic
from mesodesk.courses.models import Course
from mesodesk.courses.services import course_create
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Room


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def start_day() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=10)


@pytest.fixture
def course(patient_a: Patient, alice: Any, start_day: datetime.date) -> Course:
    with scope(clinic=patient_a.clinic):
        return course_create(
            patient=patient_a, indication="hair_loss", protocol_code="hair_loss_8", formulation="mesohair",
            clinician=alice, start=start_day, actor=alice,
        )  # fmt: skip


@pytest.fixture
def room_a(clinic_a: Clinic) -> Room:
    return Room.objects.create(clinic=clinic_a, name="Room 1")
