"""Recording an answer: scored, audited, refused field by field, and never across clinics."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.models import AuditEvent
from mesodesk.courses.models import Course
from mesodesk.outcomes.models import OutcomeResponse
from mesodesk.outcomes.services import clinic_instrument_create, outcome_response_record
from tests.outcomes.conftest import rate


def test_a_clinician_rating_is_scored_and_kept(course_a: Course, alice: Any) -> None:
    response = rate(course_a, alice, "gais_investigator", "end", 2)
    assert response.score == Decimal(2)
    assert response.category == "much_improved"
    assert response.recorded_by == "alice"


def test_the_recording_is_audited(course_a: Course, alice: Any) -> None:
    response = rate(course_a, alice, "wrinkle_severity", "baseline", 4)
    with scopes_disabled():
        row = AuditEvent.objects.filter(object_type="outcome_response").get()
    assert (row.action, row.patient_id, row.object_id) == ("create", course_a.patient_id, str(response.pk))


@pytest.mark.parametrize(
    ("instrument", "timepoint", "answers", "field"),
    [
        ("gais_investigator", "end", {"value": 6}, "answers.value"),
        ("glogau", "end", {"value": "V"}, "answers.value"),
        ("glogau", "year_2", {"value": "II"}, "timepoint"),
        ("nothing", "end", {"value": 1}, "instrument"),
        ("pain_vas", "end", {}, "answers"),
    ],
)
def test_a_bad_answer_is_refused_naming_the_field_and_nothing_is_saved(
    course_a: Course, alice: Any, instrument: str, timepoint: str, answers: dict[str, object], field: str
) -> None:
    with scope(clinic=course_a.clinic), pytest.raises(ValidationError) as caught:
        outcome_response_record(
            course=course_a, instrument=instrument, timepoint=timepoint, answers=answers,
            answered_on=timezone.localdate(), actor=alice,
        )  # fmt: skip
    assert field in caught.value.message_dict
    with scopes_disabled():
        assert OutcomeResponse.objects.count() == 0


def test_answers_cannot_be_dated_in_the_future(course_a: Course, alice: Any) -> None:
    with scope(clinic=course_a.clinic), pytest.raises(ValidationError) as caught:
        outcome_response_record(
            course=course_a, instrument="glogau", timepoint="end", answers={"value": "II"},
            answered_on=timezone.localdate() + datetime.timedelta(days=1), actor=alice,
        )  # fmt: skip
    assert "answered_on" in caught.value.message_dict


def test_a_clinician_rated_scale_cannot_be_recorded_as_the_patient(course_a: Course, alice: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        rate(course_a, alice, "glogau", "end", "II", rater="patient")
    assert "rater" in caught.value.message_dict


def test_the_other_clinic_does_not_know_the_clinic_own_instrument(
    course_a: Course, alice: Any, clinic_a: Any, clinic_b: Any, charlie: Any
) -> None:
    with scope(clinic=clinic_a):
        clinic_instrument_create(
            clinic_id=clinic_a.pk, actor=alice,
            data={"code": "itch", "name_en": "Itch", "name_fr": "Démangeaison", "name_de": "Juckreiz",
                  "rater": "patient", "kind": "numeric", "minimum": 0, "maximum": 3},
        )  # fmt: skip
    assert rate(course_a, alice, "itch", "end", 2, rater="patient").score == Decimal(2)
    with scope(clinic=clinic_b), pytest.raises(ValidationError) as caught:
        outcome_response_record(
            course=course_a, instrument="itch", timepoint="end", answers={"value": 1},
            answered_on=timezone.localdate(), actor=charlie, rater="patient",
        )  # fmt: skip
    assert "instrument" in caught.value.message_dict


def test_a_numeric_clinic_instrument_needs_its_range(clinic_a: Any, alice: Any) -> None:
    with scope(clinic=clinic_a), pytest.raises(ValidationError):
        clinic_instrument_create(
            clinic_id=clinic_a.pk, actor=alice,
            data={"code": "itch", "name_en": "Itch", "name_fr": "D", "name_de": "J",
                  "rater": "patient", "kind": "numeric", "minimum": 3, "maximum": 1},
        )  # fmt: skip
