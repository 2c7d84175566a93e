from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.models import AuditEvent
from mesodesk.courses.models import CourseSession
from mesodesk.safety.models import AdverseEvent
from tests.safety.conftest import DAY, report


def test_a_staff_report_links_patient_session_and_the_course_clinician(
    session_a: CourseSession, bob: Any
) -> None:
    event = report(session_a, bob, kind="swelling", severity="moderate")
    assert (event.patient_id, event.session_id) == (session_a.course.patient_id, session_a.pk)
    assert event.clinician_id == session_a.course.clinician_id
    assert event.reported_by == "bob"
    assert not event.reported_by_patient


def test_the_report_is_audited_against_the_patient(session_a: CourseSession, alice: Any) -> None:
    event = report(session_a, alice)
    with scopes_disabled():
        row = AuditEvent.objects.filter(object_type="adverse_event", object_id=str(event.pk)).get()
    assert (row.action, row.patient_id) == ("create", event.patient_id)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "sunburn"}, "kind"),
        ({"kind": "other"}, "description"),
        ({"days_after": -1}, "onset"),
        ({"resolved_on_after": -3, "outcome": "resolved"}, "resolved_on"),
        ({"resolved_on_after": 1}, "outcome"),
        ({"outcome": "resolved"}, "resolved_on"),
    ],
)
def test_bad_input_names_the_field_and_records_nothing(
    session_a: CourseSession, alice: Any, fields: dict[str, Any], field: str
) -> None:
    after = fields.pop("resolved_on_after", None)
    if after is not None:
        fields["resolved_on"] = session_a.due + (2 + after) * DAY
    with pytest.raises(ValidationError) as error:
        report(session_a, alice, **fields)
    assert field in error.value.message_dict
    with scope(clinic=session_a.clinic):
        assert not AdverseEvent.objects.exists()


def test_other_with_a_description_is_recorded(session_a: CourseSession, alice: Any) -> None:
    event = report(session_a, alice, kind="other", description="Small firm nodule at one site")
    assert event.description == "Small firm nodule at one site"


def test_the_database_refuses_a_resolution_before_the_onset_too(session_a: CourseSession, alice: Any) -> None:
    event = report(session_a, alice, kind="bruising")
    with scope(clinic=session_a.clinic), pytest.raises(Exception, match="resolves_after_onset"):
        AdverseEvent.objects.filter(pk=event.pk).update(resolved_on=event.onset - DAY)
