"""Outcome links: the patient answers the patient-rated instruments due at one timepoint of
a course, with no sign-in, in their language. Valid once and for `OUTCOME_LINK_DAYS`; only the
token's hash is kept (as safety's follow-up links and the intake links)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by, audit_record
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.accounts.tokens import new_token, token_hash
from mesodesk.clinic.outcomes import PATIENT
from mesodesk.courses.models import Course
from mesodesk.outcomes.models import OutcomeLink, OutcomeResponse, Rater
from mesodesk.outcomes.selectors import course_due, instruments
from mesodesk.outcomes.services import outcome_response_record
from mesodesk.patients.links import link_by_token

OUTCOME_LINK_DAYS = 14


def patient_instruments_due(course: Course, timepoint: str) -> list[str]:
    """The patient-rated instruments the course's schedule asks for at `timepoint`, not yet answered."""
    return [d.instrument for d in course_due(course) if d.timepoint == timepoint and d.rater == PATIENT]


def outcome_link_create(*, course: Course, timepoint: str, actor: Actor | None) -> tuple[OutcomeLink, str]:
    """A new link for the course's patient, in their language; the token is returned once.
    ValidationError when nothing is left for the patient to answer, or a link already exists
    for this timepoint (one link per timepoint: the patient is not asked twice)."""
    codes = patient_instruments_due(course, timepoint)
    if not codes:
        raise ValidationError({"timepoint": gettext("Nothing is due from the patient at this timepoint.")})
    patient = course.patient
    token = new_token()
    link = OutcomeLink(
        clinic_id=course.clinic_id,
        patient=patient,
        course=course,
        timepoint=timepoint,
        instruments=codes,
        token_hash=token_hash(token),
        language=patient.preferred_language,
        created_by=actor.get_username() if actor is not None else "outcome links task",
        expires_at=timezone.now() + datetime.timedelta(days=OUTCOME_LINK_DAYS),
    )
    link.full_clean(validate_unique=False, validate_constraints=False)  # the save says "already sent"
    try:
        with transaction.atomic():
            link.save(force_insert=True)
            detail = {"valid_days": OUTCOME_LINK_DAYS, "timepoint": timepoint, "instruments": codes}
            if actor is None:
                audit_record(
                    action=AuditAction.CREATE,
                    actor_id=None,
                    actor="outcome links task",
                    clinic_id=course.clinic_id,
                    patient_id=patient.pk,
                    object_type="outcome_link",
                    object_id=link.pk,
                    detail=detail,
                )
            else:
                audit_by(
                    actor,
                    AuditAction.CREATE,
                    clinic_id=course.clinic_id,
                    patient_id=patient.pk,
                    object_type="outcome_link",
                    object_id=link.pk,
                    detail=detail,
                )
    except IntegrityError:
        raise ValidationError({"timepoint": gettext("A link for this timepoint was already sent.")}) from None
    return link, token


def outcome_link_for_token(token: str) -> OutcomeLink | None:
    """The link this token belongs to, used, expired or open; None when unknown."""
    return link_by_token(OutcomeLink, token, "course", "course__patient")


def outcome_link_submit(*, link: OutcomeLink, answers: dict[str, dict[str, Any]]) -> list[OutcomeResponse]:
    """The patient's answers, one per instrument of the link: one use, then the link is spent
    (checked under lock). ValidationError names the instrument whose answer is wrong."""
    with transaction.atomic():
        locked = OutcomeLink.objects.select_for_update().get(pk=link.pk)
        if not locked.is_open(timezone.now()):
            raise PermissionError("this outcome link has already been used or has expired")
        missing = [c for c in locked.instruments if c not in answers]
        if missing:
            raise ValidationError({missing[0]: gettext("Please answer this question.")})
        known = instruments()
        saved = []
        for code in locked.instruments:
            if code not in known:
                continue
            try:
                saved.append(
                    outcome_response_record(
                        course=link.course,
                        instrument=code,
                        timepoint=locked.timepoint,
                        answers=answers[code],
                        answered_on=timezone.localdate(),
                        actor=None,
                        rater=Rater.PATIENT,
                        link_id=locked.pk,
                    )
                )
            except ValidationError as error:
                raise ValidationError({code: [m for ms in error.message_dict.values() for m in ms]}) from None
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at"])
    return saved
