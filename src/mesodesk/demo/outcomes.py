"""The demo's outcome answers, so the outcomes dashboard is not empty on `make run`: for the
courses under way or completed, the scales their schedule asked for up to today, answered by
the clinician and, for most patients, through their link. Scores drift towards improvement
with some noise (made-up data, not a claim about mesotherapy).

Written in bulk for speed, scored by the same pure instruments as the services, and put in
the audit trail in one batch (accounts.audit.audit_record_many)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils import timezone

from mesodesk.accounts.audit import AuditLine, audit_record_many
from mesodesk.accounts.models import AuditAction
from mesodesk.accounts.tokens import new_token, token_hash
from mesodesk.clinic.outcome_schedule import default_schedule, timepoint_dates
from mesodesk.clinic.outcomes import BUILT_IN, CATEGORICAL, PATIENT, SATISFACTION
from mesodesk.courses.models import Course, CourseSession
from mesodesk.demo import bulk
from mesodesk.outcomes.models import OutcomeLink, OutcomeResponse

ANSWERED_BY_PATIENT = 0.7
RATED_BY_CLINICIAN = 0.9


def _value(rng: random.Random, code: str, timepoint: str) -> object:
    scale = BUILT_IN[code]
    later = timepoint != "baseline"
    if scale.kind == CATEGORICAL:
        if code == "network_satisfaction":
            return rng.choices(SATISFACTION, weights=[2, 5, 4])[0]
        top = len(scale.choices) - 1
        position = rng.randint(1, max(1, top // 2 + 1))
        return scale.choices[max(0, position - (1 if later and rng.random() < 0.4 else 0))]
    assert scale.minimum is not None and scale.maximum is not None  # noqa: S101 - numeric scales have both
    low, high = int(scale.minimum), int(scale.maximum)
    if code == "phototrichogram_density":
        return 140 + rng.randint(0, 40) + (rng.randint(0, 30) if later else 0)
    if code in ("gais_subject", "gais_investigator"):
        return rng.choices(range(1, 6), weights=[2, 4, 4, 2, 1])[0]
    base = high - 1 if code != "pain_vas" else 7
    return max(low, min(high, base - (rng.randint(0, 2) if later else 0) + rng.choice((-1, 0, 0, 1))))


def outcomes_seed(
    *, rng: random.Random, courses: Sequence[Course], today: datetime.date, audited: bool = True
) -> int:
    """The answers due so far in these courses (one clinic's); returns how many were written.
    `audited=False` for the bulk generator, which writes no audit row (docs/performance.md)."""
    if not courses:
        return 0
    sessions: dict[int, list[tuple[int, datetime.date]]] = {}
    for course_id, number, due in CourseSession.objects.filter(course__in=courses).values_list(
        "course_id", "number", "due"
    ):
        sessions.setdefault(course_id, []).append((number, due))
    responses, links = [], []
    now = timezone.now()
    for course in courses:
        answered, asked = outcome_rows(
            rng, indication=course.indication, sex=course.patient.sex,
            sessions=sessions.get(course.pk, []), today=today, clinician=course.clinician.get_username(),
        )  # fmt: skip
        for code, point, rater, answers, score, category, when, recorded_by in answered:
            responses.append(
                OutcomeResponse(
                    clinic_id=course.clinic_id,
                    patient_id=course.patient_id,
                    course=course,
                    instrument=code,
                    timepoint=point,
                    rater=rater,
                    answers=answers,
                    score=score,
                    category=category,
                    answered_on=when,
                    recorded_by=recorded_by,
                )  # fmt: skip
            )
        for point, instruments, used in asked:
            links.append(
                OutcomeLink(
                    clinic_id=course.clinic_id,
                    patient_id=course.patient_id,
                    course=course,
                    timepoint=point,
                    instruments=instruments,
                    token_hash=token_hash(new_token()),
                    language=course.patient.preferred_language,
                    created_by="demo",
                    expires_at=now,
                    used_at=now if used else None,
                )  # fmt: skip
            )
    saved = OutcomeResponse.objects.bulk_create(responses, batch_size=5000)
    OutcomeLink.objects.bulk_create(links, batch_size=5000)
    if not audited:
        return len(saved)
    audit_record_many(
        actor_id=None,
        actor="demo",
        clinic_id=courses[0].clinic_id,
        lines=[
            AuditLine(AuditAction.CREATE, r.patient_id, "outcome_response", r.pk or "", {"demo": True})
            for r in saved
        ],
    )
    return len(saved)


# (instrument, timepoint, rater, answers, score, category, answered on, recorded by)
Answer = tuple[str, str, str, dict[str, object], Decimal | None, str, datetime.date, str]
# (timepoint, the patient's instruments at it, whether the patient used the link)
Asked = tuple[str, list[str], bool]


def outcome_rows(
    rng: random.Random,
    *,
    indication: str,
    sex: str,
    sessions: Sequence[tuple[int, datetime.date]],
    today: datetime.date,
    clinician: str,
) -> tuple[list[Answer], list[Asked]]:
    """One course's answers due by `today` and the links its patient was sent, as plain
    values: the ORM path above and the bulk generator (demo.generate) draw the same rows
    from the same `rng`, in the same order."""
    dates = timepoint_dates(sessions)
    answers_patient = rng.random() < ANSWERED_BY_PATIENT
    asked: set[str] = set()
    answered: list[Answer] = []
    for code, points in default_schedule(indication, sex):
        scale = BUILT_IN[code]
        for point in points:
            when = dates.get(point)
            if when is None or when > today:
                continue
            if scale.rater == PATIENT:
                asked.add(point)
                if not answers_patient:
                    continue
            elif rng.random() > RATED_BY_CLINICIAN:
                continue
            result = scale.score({"value": _value(rng, code, point)})
            by = "patient-link" if scale.rater == PATIENT else clinician
            answered.append((code, point, scale.rater, {"value": _json(result.score, result.category)},
                             result.score, result.category, when, by))  # fmt: skip
    links = [
        (point, [c for c, p in default_schedule(indication) if point in p and BUILT_IN[c].rater == PATIENT],
         answers_patient)
        for point in sorted(asked)
    ]  # fmt: skip
    return answered, links


# What a course's outcome answers are drawn from: (course id, patient id, indication, sex,
# language, clinician's username, its sessions as (number, due)).
CourseDrawn = tuple[int, int, str, str, str, str, list[tuple[int, datetime.date]]]
ANSWER_COLUMNS = ("id", "clinic_id", "patient_id", "course_id", "instrument", "timepoint", "rater", "answers",
                  "score", "category", "answered_on", "recorded_by")  # fmt: skip
LINK_COLUMNS = ("id", "clinic_id", "patient_id", "course_id", "timepoint", "instruments", "token_hash",
                "language", "created_by", "expires_at", "used_at")  # fmt: skip


def outcome_responses_generate(
    *,
    clinic_id: int,
    rng: random.Random,
    courses: list[CourseDrawn],
    anchor: datetime.date,
    take: Callable[[type], int],
    sqlite: bool | None = None,
    sink: Callable[[bulk.Table, bulk.Rows], None] | None = None,
) -> tuple[int, int]:
    """The outcome scales these courses' schedules asked for up to `anchor`, answered as the
    demo answers them (demo.outcomes.outcome_rows, the same draws in the same order), written
    in bulk from what was drawn (no query back), or handed to `sink` (a generator worker's);
    returns (answers, links) written."""
    now = timezone.now()
    answers = bulk.Table(OutcomeResponse, ANSWER_COLUMNS, now=now, sqlite=sqlite, sink=sink)
    links = bulk.Table(OutcomeLink, LINK_COLUMNS, now=now, sqlite=sqlite, sink=sink)
    for course_id, patient_id, indication, sex, language, clinician, sessions in courses:
        answered, asked = outcome_rows(
            rng, indication=indication, sex=sex, sessions=sessions, today=anchor, clinician=clinician
        )
        for row in answered:
            answers.add((take(OutcomeResponse), clinic_id, patient_id, course_id, *row))
        for point, instruments, used in asked:
            links.add((take(OutcomeLink), clinic_id, patient_id, course_id, point, instruments,
                       token_hash(new_token()), language, "demo", now, now if used else None))  # fmt: skip
    answers.flush()
    links.flush()
    return answers.written, links.written


def _json(score: Decimal | None, category: str) -> object:
    if score is None:
        return category
    return int(score) if score == score.to_integral_value() else str(score)
