"""`mesodesk demo generate`: the same seed gives the same rows, and the rows hold together
(sessions in their course's clinic, lots of the record's clinic, one clinic never sees another's)."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.charting.models import InjectionPoint, SessionRecord, SyringeLot
from mesodesk.courses.models import CourseSession, SessionStatus
from mesodesk.demo.generate import GenerateError, generate
from mesodesk.demo.long_course import long_course_add
from mesodesk.outcomes.models import OutcomeResponse
from mesodesk.patients.models import Patient
from mesodesk.safety.models import AdverseEvent
from mesodesk.scheduling.models import Appointment

pytestmark = pytest.mark.django_db
ANCHOR = datetime.date(2026, 11, 24)


def checksum() -> tuple[dict[str, int], str]:
    """Counts of the generated tables, and a hash of a few columns of each (ids left out)."""
    digest = hashlib.sha256()
    with scopes_disabled():
        patients = Patient.objects.filter(clinic__slug__startswith="gen").order_by("pseudonym")
        for row in patients.values_list("pseudonym", "family_name", "given_name", "date_of_birth", "sex"):
            digest.update(repr(row).encode())
        sessions = CourseSession.objects.filter(clinic__slug__startswith="gen")
        for row in sessions.order_by("course__patient__pseudonym", "due", "number", "status").values_list(
            "course__patient__pseudonym", "number", "due", "status"
        ):
            digest.update(repr(row).encode())
        # Every hashed column in the order, after the start: rows that tie are then alike (clinics
        # book the same half hours, so points of two clinics may share a start and a place).
        points = InjectionPoint.objects.order_by(
            "record__appointment__start", "x", "y", "region", "volume_ml"
        )
        for row in points.values_list("region", "x", "y", "volume_ml"):
            digest.update(repr(row).encode())
        counts = {
            "patients": patients.count(),
            "sessions": sessions.count(),
            "records": SessionRecord.objects.count(),
            "points": InjectionPoint.objects.count(),
            "adverse_events": AdverseEvent.objects.count(),
            "outcomes": OutcomeResponse.objects.count(),
        }
        # A patient may hold two courses with the same scales: the course breaks the tie
        # (its id differs between runs on PostgreSQL, whose sequences roll no id back, but not
        # its order).
        answers = OutcomeResponse.objects.order_by(
            "course__patient__pseudonym", "course_id", "instrument", "timepoint", "rater"
        )
        for row in answers.values_list(
            "course__patient__pseudonym", "instrument", "timepoint", "score", "category"
        ):
            digest.update(repr(row).encode())
    return counts, digest.hexdigest()


class _Undo(Exception):
    pass


def generated_then_undone(
    seed: int, *, clinics: int = 1, workers: int | None = None
) -> tuple[dict[str, int], str]:
    found: tuple[dict[str, int], str] = ({}, "")
    try:
        with transaction.atomic():
            generate(size="s", seed=seed, clinics=clinics, patients=40 * clinics, anchor=ANCHOR, progress=False,
                     workers=workers)  # fmt: skip
            found = checksum()
            raise _Undo
    except _Undo:
        pass
    return found


def test_the_same_seed_gives_the_same_rows_and_another_seed_others() -> None:
    first, again, other = generated_then_undone(7), generated_then_undone(7), generated_then_undone(8)
    assert first == again
    assert first[0]["sessions"] > 40
    assert other[1] != first[1]


def test_the_same_seed_gives_the_same_rows_whether_one_process_draws_the_clinics_or_two() -> None:
    one = generated_then_undone(7, clinics=3, workers=1)
    two = generated_then_undone(7, clinics=3, workers=2)
    here = generated_then_undone(7, clinics=3, workers=0)
    assert one == two
    assert here == one
    assert one[0]["patients"] == 120


@pytest.fixture
def generated() -> dict[str, Any]:
    return generate(size="m", seed=3, clinics=2, patients=60, anchor=ANCHOR, progress=False)


def test_every_session_record_and_lot_belongs_to_its_own_clinic(generated: dict[str, Any]) -> None:
    with scopes_disabled():
        assert not CourseSession.objects.exclude(clinic=F("course__clinic")).exists()
        assert not CourseSession.objects.exclude(clinic=F("course__patient__clinic")).exists()
        assert not Appointment.objects.exclude(clinic=F("patient__clinic")).exists()
        assert not SessionRecord.objects.exclude(clinic=F("course_session__clinic")).exists()
        assert not SyringeLot.objects.exclude(clinic=F("lot__clinic")).exists()
        assert not InjectionPoint.objects.exclude(clinic=F("record__clinic")).exists()
        assert not AdverseEvent.objects.exclude(clinic=F("session__clinic")).exists()
        assert not OutcomeResponse.objects.exclude(clinic=F("course__clinic")).exists()
        assert not OutcomeResponse.objects.exclude(patient=F("course__patient")).exists()
        assert not OutcomeResponse.objects.filter(answered_on__gt=ANCHOR).exists()
        assert generated["rows"]["OutcomeResponse"] == OutcomeResponse.objects.count() > 0


def test_held_sessions_are_signed_records_and_later_ones_are_not(generated: dict[str, Any]) -> None:
    with scopes_disabled():
        done = CourseSession.objects.filter(status=SessionStatus.DONE)
        assert done.count() == SessionRecord.objects.count() > 0
        assert not SessionRecord.objects.exclude(status="signed").exists()
        assert not done.filter(latest__gte=ANCHOR).exists()
        assert not CourseSession.objects.filter(status=SessionStatus.PLANNED, latest__lt=ANCHOR).exists()
        assert not SyringeLot.objects.filter(lot__expires__lt=F("record__course_session__due")).exists()


def test_no_clinician_holds_two_appointments_at_once(generated: dict[str, Any]) -> None:
    with scopes_disabled():
        starts = Counter(Appointment.objects.values_list("clinician_id", "start"))
    assert max(starts.values()) == 1


def test_a_clinic_sees_only_its_own_generated_patients(generated: dict[str, Any]) -> None:
    with scopes_disabled():
        first, second = Clinic.objects.filter(slug__startswith="gen3-").order_by("slug")
    with scope(clinic=first):
        mine = set(Patient.objects.values_list("clinic_id", flat=True))
        records = set(SessionRecord.objects.values_list("clinic_id", flat=True))
    assert mine == records == {first.pk}
    assert generated["rows"]["Patient"] == 60


def test_generating_writes_no_audit_row(generated: dict[str, Any]) -> None:
    assert not AuditEvent.objects.exists()


def test_the_command_refuses_a_seed_already_generated_here() -> None:
    call_command("demo", "generate", "--size", "s", "--patients", "5", "--seed", "4", "--quiet")
    with pytest.raises(CommandError, match="seed 4"):
        call_command("demo", "generate", "--size", "s", "--patients", "5", "--seed", "4", "--quiet")
    with pytest.raises(GenerateError, match="size"):
        generate(size="xl")
    with pytest.raises(CommandError, match="workers"):
        call_command("demo", "generate", "--size", "s", "--patients", "5", "--seed", "5", "--workers", "-1")


def test_a_long_course_has_all_its_sessions_and_the_held_ones_signed(generated: dict[str, Any]) -> None:
    with scopes_disabled():
        clinic = Clinic.objects.get(slug="gen3-1")
        added = long_course_add(clinic=clinic, sessions=120, anchor=ANCHOR)
        sessions = CourseSession.objects.filter(course_id=added.course_id)
        records = SessionRecord.objects.filter(course_session__course_id=added.course_id)
        assert sessions.count() == 120
        assert records.count() == sessions.filter(status=SessionStatus.DONE).count() > 100
        assert not records.exclude(status="signed").exists()
        starts = Counter(Appointment.objects.values_list("clinician_id", "start"))
    assert max(starts.values()) == 1
