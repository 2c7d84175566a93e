"""Opening a record from an appointment, and its checklist, delivery and observations."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.models import AuditEvent
from mesodesk.charting.models import SessionRecord
from mesodesk.charting.services import record_open, record_update
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Appointment
from tests.charting.conftest import appointment_today
from tests.conftest import signed_in


def test_opening_twice_gives_the_same_record(appointment_a: Appointment, alice: Any) -> None:
    with scope(clinic=appointment_a.clinic):
        first = record_open(appointment=appointment_a, by=alice)
        second = record_open(appointment=appointment_a, by=alice)

    assert first.pk == second.pk


def test_opening_is_audited_with_the_patient(appointment_a: Appointment, alice: Any) -> None:
    with scope(clinic=appointment_a.clinic):
        record = record_open(appointment=appointment_a, by=alice)

    with scopes_disabled():
        event = AuditEvent.objects.filter(object_type="session_record", object_id=str(record.pk)).get()
    assert event.patient_id == appointment_a.patient_id


def test_an_assistant_cannot_open_a_record(appointment_a: Appointment, bob: Any) -> None:
    with scope(clinic=appointment_a.clinic), pytest.raises(ValidationError) as refused:
        record_open(appointment=appointment_a, by=bob)

    assert "clinician" in refused.value.message_dict


def test_a_clinician_of_another_clinic_cannot_open_it(appointment_a: Appointment, charlie: Any) -> None:
    with scope(clinic=appointment_a.clinic), pytest.raises(ValidationError):
        record_open(appointment=appointment_a, by=charlie)
    with scopes_disabled():
        assert not SessionRecord.objects.exists()


def test_an_iontophoresis_has_no_session_record(patient_a: Patient, alice: Any) -> None:
    appointment = appointment_today(patient_a, alice, kind="iontophoresis")

    with scope(clinic=appointment.clinic), pytest.raises(ValidationError) as refused:
        record_open(appointment=appointment, by=alice)

    assert "appointment" in refused.value.message_dict


def test_an_injector_gun_must_be_named(record_a: SessionRecord, alice: Any) -> None:
    with scope(clinic=record_a.clinic), pytest.raises(ValidationError) as refused:
        record_update(record=record_a, by=alice, delivery="gun", gun_model="  ")

    assert "gun_model" in refused.value.message_dict


def test_a_named_gun_is_kept(record_a: SessionRecord, alice: Any) -> None:
    with scope(clinic=record_a.clinic):
        record_update(record=record_a, by=alice, delivery="gun", gun_model="U225")

    with scopes_disabled():
        assert SessionRecord.objects.get(pk=record_a.pk).gun_model == "U225"


def test_pain_above_10_is_refused(record_a: SessionRecord, alice: Any) -> None:
    with scope(clinic=record_a.clinic), pytest.raises(ValidationError) as refused:
        record_update(record=record_a, by=alice, pain=11)

    assert "pain" in refused.value.message_dict


def test_after_care_outside_the_knowledge_base_is_refused(record_a: SessionRecord, alice: Any) -> None:
    with scope(clinic=record_a.clinic), pytest.raises(ValidationError) as refused:
        record_update(record=record_a, by=alice, aftercare=["sauna_tonight"])

    assert "aftercare" in refused.value.message_dict


def test_after_care_from_the_knowledge_base_is_kept(record_a: SessionRecord, alice: Any) -> None:
    with scope(clinic=record_a.clinic):
        record_update(record=record_a, by=alice, aftercare=["no_bath_or_shower_12h"])

    with scopes_disabled():
        assert SessionRecord.objects.get(pk=record_a.pk).aftercare == ["no_bath_or_shower_12h"]


def test_after_care_sentences_are_not_joined_by_a_semicolon(
    client: Client, record_a: SessionRecord, alice: Any
) -> None:
    """Each after-care item is a sentence with its own full stop: '…shower.; Within…' reads as a typo."""
    given = ["no_bath_or_shower_12h", "no_device_treatments_72h"]
    with scope(clinic=record_a.clinic):
        record_update(record=record_a, by=alice, aftercare=given)
    printed = signed_in(client, alice).get(f"/charting/records/{record_a.pk}/print/").content.decode()
    assert ".; " not in printed


def test_no_amendment_is_not_numbered_like_one(client: Client, record_a: SessionRecord, alice: Any) -> None:
    """An empty list of amendments says so in a sentence, not as item '1.' of a numbered list."""
    printed = signed_in(client, alice).get(f"/charting/records/{record_a.pk}/print/").content.decode()
    assert "<p>No amendment.</p>" in printed
