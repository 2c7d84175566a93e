from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_scopes import scope

from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.scheduling.models import ClinicHours
from mesodesk.scheduling.services_hours import clinic_hours_set
from tests.conftest import signed_in


def test_saving_the_hours_writes_an_audit_line_with_before_and_after(carol: Any, clinic_a: Clinic) -> None:
    with scope(clinic=clinic_a):
        clinic_hours_set(
            clinic=clinic_a, opens=datetime.time(7, 30), closes=datetime.time(20), days="621", actor=carol
        )
        clinic_hours_set(
            clinic=clinic_a, opens=datetime.time(9), closes=datetime.time(18), days="12345", actor=carol
        )
        hours = ClinicHours.objects.get(clinic=clinic_a)
    assert hours.days == "12345"
    lines = list(AuditEvent.objects.filter(object_type="clinic_hours").order_by("id"))
    assert [line.actor for line in lines] == [carol.username, carol.username]
    assert lines[1].detail == {"before": "07:30-20:00 126", "after": "09:00-18:00 12345"}


def test_hours_that_close_before_they_open_are_refused_and_nothing_is_saved(
    carol: Any, clinic_a: Clinic
) -> None:
    with scope(clinic=clinic_a):
        with pytest.raises(ValidationError):
            clinic_hours_set(
                clinic=clinic_a, opens=datetime.time(18), closes=datetime.time(9), days="1", actor=carol
            )
        assert not ClinicHours.objects.filter(clinic=clinic_a).exists()
    assert not AuditEvent.objects.filter(object_type="clinic_hours").exists()


def test_the_hours_page_saves_through_the_service(client: Client, carol: Any, clinic_a: Clinic) -> None:
    signed_in(client, carol)
    client.post("/calendar/hours/", {"opens": "07:30", "closes": "20:00", "working_days": ["1", "6"]})
    assert AuditEvent.objects.filter(object_type="clinic_hours", clinic_id=clinic_a.pk).count() == 1
