"""ratings_due_at_sessions reads plain grouped queries now, where it once built one statement of
four correlated subqueries (issue 15): the same answers, session by session, on varied courses
(every protocol's schedule, a man's and a woman's hair loss, answers given, a clinic's own
schedule naming its own scales, retired or rated by the patient, another clinic's schedule for
the same protocol). The old statement is kept here as the reference."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Aggregate, CharField, F, Max, OuterRef, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.models import Clinic
from mesodesk.clinic.outcomes import BUILT_IN, CLINICIAN
from mesodesk.courses.models import Course, CourseSession
from mesodesk.outcomes.models import ClinicInstrument, OutcomeResponse, OutcomeSchedule
from mesodesk.outcomes.selectors import (
    SessionRatings,
    _session_timepoints,
    ratings_due_at_sessions,
    schedule_from,
)
from tests.conftest import make_patient
from tests.outcomes.conftest import course_begun

pytestmark = pytest.mark.django_db


class _StringAgg(Aggregate):
    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = CharField()

    def __init__(self, first: str, second: str, **extra: Any) -> None:
        super().__init__(Concat(F(first), Value(":"), F(second), output_field=CharField()), **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, function="STRING_AGG", template="%(function)s(%(expressions)s, ',')"
        )


def _json(value: object) -> object:
    if isinstance(value, str):
        import json

        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def by_subqueries(session_ids: list[int]) -> dict[int, SessionRatings]:
    """The one statement the dashboard used to run (main at 2242bb3), unchanged."""
    rows = (
        CourseSession.objects.filter(pk__in=session_ids)
        .annotate(
            last=Subquery(
                CourseSession.objects.filter(course=OuterRef("course"))
                .values("course")
                .annotate(m=Max("number"))
                .values("m")[:1]
            ),
            override=Subquery(
                OutcomeSchedule.objects.filter(
                    clinic=OuterRef("clinic"), protocol_code=OuterRef("course__protocol_code")
                ).values("items")[:1]
            ),
            answered=Subquery(
                OutcomeResponse.objects.filter(course=OuterRef("course"))
                .values("course")
                .annotate(pairs=_StringAgg("instrument", "timepoint"))
                .values("pairs")[:1]
            ),
            own_rated=Subquery(
                ClinicInstrument.objects.filter(
                    clinic=OuterRef("clinic"), rater=CLINICIAN, retired_at__isnull=True
                )
                .values("clinic")
                .annotate(codes=_StringAgg("code", "rater"))
                .values("codes")[:1]
            ),
        )
        .values_list(
            *("pk", "number", "last", "override", "answered", "own_rated"),
            *("course__indication", "course__patient__sex"),
        )
    )
    found: dict[int, SessionRatings] = {}
    for pk, number, last, override, answered, own_rated, indication, sex in rows:
        points = _session_timepoints(number, last or number)
        if not points:
            continue
        done = set(str(answered or "").split(","))
        schedule = schedule_from(Course(indication=indication), _json(override), sex)
        rated = {pair.split(":")[0] for pair in str(own_rated or "").split(",") if pair}
        codes = tuple(
            code
            for code, when in schedule
            if ((code in BUILT_IN and BUILT_IN[code].rater == CLINICIAN) or code in rated)
            and any(p in when and f"{code}:{p}" not in done for p in points)
        )
        if codes:
            found[pk] = SessionRatings(pk, codes)
    return found


def _own(clinic: Clinic, code: str, rater: str, retired: bool = False) -> None:
    ClinicInstrument.objects.create(
        clinic=clinic, code=code, name_en=code, name_fr=code, name_de=code, rater=rater, kind="numeric",
        minimum=0, maximum=10, decimals=0,
        retired_at=timezone.now() if retired else None,
    )  # fmt: skip


def _answered(course: Course, *pairs: tuple[str, str]) -> None:
    for instrument, timepoint in pairs:
        OutcomeResponse.objects.create(
            clinic_id=course.clinic_id, patient_id=course.patient_id, course=course, instrument=instrument,
            timepoint=timepoint, rater="clinician", answers={}, answered_on=timezone.localdate(),
            recorded_by="test",
        )  # fmt: skip


@pytest.fixture
def varied(alice: Any, charlie: Any, clinic_a: Clinic, clinic_b: Clinic) -> list[Course]:
    """Courses of every protocol in clinic A, some answers given, A's own schedule for
    cellulite_10 naming its own scales (one clinician-rated, one rated by the patient, one
    retired) and B's own schedule for wrinkles_15, with a course of B's on it."""
    courses = [
        course_begun(make_patient(clinic_a, "Wrinkle", "Wanda", sex="female"), alice, 400, "wrinkles", "wrinkles_15"),
        course_begun(make_patient(clinic_a, "Hair", "Hugo", sex="male"), alice, 400, "hair_loss", "hair_loss_8"),
        course_begun(make_patient(clinic_a, "Hair", "Hanna", sex="female"), alice, 400, "hair_loss", "hair_loss_8"),
        course_begun(make_patient(clinic_a, "Skin", "Sara"), alice, 400, "skin_rejuvenation", "skin_regeneration_8"),
        course_begun(make_patient(clinic_a, "Cellulite", "Cleo"), alice, 400, "cellulite", "cellulite_10"),
        course_begun(make_patient(clinic_a, "Sport", "Sam"), alice, 400, "sports_injury", "sports_injury_acute"),
        course_begun(make_patient(clinic_b, "Other", "Olga"), charlie, 400, "wrinkles", "wrinkles_15"),
    ]  # fmt: skip
    with scopes_disabled():
        _own(clinic_a, "itch", "clinician")
        _own(clinic_a, "comfort", "patient")
        _own(clinic_a, "old", "clinician", retired=True)
        _own(clinic_b, "redness", "clinician")
        OutcomeSchedule.objects.create(
            clinic=clinic_a, protocol_code="cellulite_10", updated_by="test",
            items=[
                {"instrument": "itch", "timepoints": ["baseline", "end"]},
                {"instrument": "comfort", "timepoints": ["baseline"]},
                {"instrument": "old", "timepoints": ["session_4", "end"]},
                {"instrument": "pain_vas", "timepoints": ["session_4"]},
            ],
        )  # fmt: skip
        OutcomeSchedule.objects.create(
            clinic=clinic_b, protocol_code="wrinkles_15", updated_by="test",
            items=[{"instrument": "redness", "timepoints": ["baseline", "end"]}],
        )  # fmt: skip
        _answered(courses[0], ("wrinkle_severity", "baseline"))
        _answered(courses[1], ("hair_stage_norwood", "baseline"), ("phototrichogram_density", "session_4"))
        _answered(courses[4], ("itch", "baseline"), ("pain_vas", "end"))
        _answered(courses[5], ("pain_vas", "baseline"))
        _answered(courses[6], ("redness", "baseline"))
    return courses


def _sessions(courses: list[Course]) -> list[int]:
    with scopes_disabled():
        return list(
            CourseSession.objects.filter(course__in=courses).order_by("id").values_list("pk", flat=True)
        )


def test_the_plain_reads_answer_as_the_subqueries_did_session_by_session_and_all_at_once(
    varied: list[Course], clinic_a: Clinic
) -> None:
    ids = _sessions(varied[:-1])
    with scope(clinic=clinic_a):
        assert by_subqueries(ids), "the data has ratings due, so the comparison says something"
        assert ratings_due_at_sessions(ids) == by_subqueries(ids)
        for pk in ids:
            assert ratings_due_at_sessions([pk]) == by_subqueries([pk]), pk


def test_each_clinic_keeps_its_own_schedule_and_scales_when_read_together(varied: list[Course]) -> None:
    ids = _sessions(varied)
    with scopes_disabled():
        found = ratings_due_at_sessions(ids)
        assert found == by_subqueries(ids)
    at_b = {found[pk].instruments for pk in _sessions(varied[-1:]) if pk in found}
    assert at_b == {("redness",)}, "B's own schedule for wrinkles_15, not A's default"


def test_a_session_in_the_middle_of_a_course_asks_nothing(varied: list[Course], clinic_a: Clinic) -> None:
    with scope(clinic=clinic_a):
        middle = CourseSession.objects.get(course=varied[0], number=2)
        assert ratings_due_at_sessions([middle.pk]) == {}
