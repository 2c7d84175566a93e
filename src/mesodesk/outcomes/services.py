"""Writes: responses recorded (scored by clinic.outcomes), a clinic's own instruments and
schedules; every one validated field by field and audited, in one transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by, audit_record
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.clinic.errors import InputError
from mesodesk.clinic.outcome_schedule import parse_schedule
from mesodesk.clinic.outcomes import BUILT_IN, CATEGORICAL, NUMERIC, custom_instrument
from mesodesk.courses.models import Course, CourseSession
from mesodesk.outcomes.models import ClinicInstrument, OutcomeResponse, OutcomeSchedule, Rater, Timepoint
from mesodesk.outcomes.selectors import clinic_instruments, instrument_get


def _input_error(error: InputError) -> ValidationError:
    return ValidationError({error.field: error.message})


def outcome_response_record(
    *,
    course: Course,
    instrument: str,
    timepoint: str,
    answers: dict[str, Any],
    answered_on: datetime.date,
    actor: Actor | None,
    session: CourseSession | None = None,
    rater: str = Rater.CLINICIAN,
    link_id: int | None = None,
) -> OutcomeResponse:
    """One instrument answered for the course's patient, scored now. A clinician records the
    clinician-rated ones (and may enter a patient's answers given on paper); with no actor the
    answers come from the patient's link (`link_id`). Raises ValidationError naming the field."""
    errors: dict[str, str] = {}
    try:
        scale = instrument_get(instrument)
    except InputError as error:
        raise _input_error(error) from None
    if timepoint not in Timepoint.values:
        errors["timepoint"] = gettext("Unknown timepoint.")
    if rater not in Rater.values:
        errors["rater"] = gettext("Unknown rater.")
    elif scale.rater == Rater.CLINICIAN and rater != Rater.CLINICIAN:
        errors["rater"] = gettext("This instrument is rated by the clinician.")
    if session is not None and session.course_id != course.pk:
        errors["session"] = gettext("This session belongs to another course.")
    if answered_on > timezone.localdate():
        errors["answered_on"] = gettext("The answers cannot be dated in the future.")
    try:
        result = scale.score(answers)
    except InputError as error:
        errors[error.field] = error.message
    if errors:
        raise ValidationError(errors)
    response = OutcomeResponse(
        clinic_id=course.clinic_id,
        patient_id=course.patient_id,
        course=course,
        session=session,
        instrument=instrument,
        timepoint=timepoint,
        rater=rater,
        answers=answers,
        score=result.score,
        category=result.category,
        answered_on=answered_on,
        recorded_by=actor.get_username() if actor is not None else "patient-link",
    )
    response.full_clean()
    with transaction.atomic():
        response.save(force_insert=True)
        detail = {"instrument": instrument, "timepoint": timepoint}
        if actor is None:
            audit_record(
                action=AuditAction.CREATE,
                actor_id=None,
                actor="patient (outcome link)",
                clinic_id=course.clinic_id,
                patient_id=course.patient_id,
                object_type="outcome_response",
                object_id=response.pk,
                detail={**detail, "outcome_link": link_id},
            )
        else:
            audit_by(
                actor,
                AuditAction.CREATE,
                clinic_id=course.clinic_id,
                patient_id=course.patient_id,
                object_type="outcome_response",
                object_id=response.pk,
                detail=detail,
            )
    return response


def _decimal(data: dict[str, Any], field: str, errors: dict[str, str]) -> Decimal | None:
    raw = data.get(field)
    if raw in (None, ""):
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        errors[field] = gettext("Enter a number.")
        return None


def clinic_instrument_create(*, clinic_id: int, actor: Actor, data: dict[str, Any]) -> ClinicInstrument:
    """The clinic's own instrument. `data`: code, name_en/fr/de, rater, kind, minimum/maximum
    (numeric) or choices ([{code, en, fr, de}], categorical)."""
    errors: dict[str, str] = {}
    minimum, maximum = _decimal(data, "minimum", errors), _decimal(data, "maximum", errors)
    choices = data.get("choices") or []
    kind = str(data.get("kind", ""))
    if kind == CATEGORICAL and (
        not isinstance(choices, list)
        or not all(isinstance(c, dict) and str(c.get("code", "")).strip() for c in choices)
    ):
        errors["choices"] = gettext("Each choice needs a code.")
    if errors:
        raise ValidationError(errors)
    own = ClinicInstrument(
        clinic_id=clinic_id,
        code=str(data.get("code", "")).strip(),
        name_en=str(data.get("name_en", "")).strip(),
        name_fr=str(data.get("name_fr", "")).strip(),
        name_de=str(data.get("name_de", "")).strip(),
        rater=str(data.get("rater", "")),
        kind=kind,
        minimum=minimum if kind == NUMERIC else None,
        maximum=maximum if kind == NUMERIC else None,
        decimals=int(data.get("decimals") or 0),
        choices=choices if kind == CATEGORICAL else [],
        created_by=actor.get_username(),
    )
    own.full_clean()
    try:
        custom_instrument(
            code=own.code,
            rater=own.rater,
            kind=own.kind,
            minimum=own.minimum,
            maximum=own.maximum,
            choices=tuple(str(c["code"]) for c in own.choices),
        )
    except InputError as error:
        raise _input_error(error) from None
    with transaction.atomic():
        own.save(force_insert=True)
        audit_by(
            actor,
            AuditAction.CREATE,
            clinic_id=clinic_id,
            object_type="clinic_instrument",
            object_id=own.code,
        )
    return own


def outcome_schedule_save(
    *, clinic_id: int, actor: Actor, protocol_code: str, items: object
) -> OutcomeSchedule:
    """The clinic's schedule for one protocol, replacing the default (or its previous one)."""
    if not protocol_code.strip():
        raise ValidationError({"protocol_code": gettext("Choose a protocol.")})
    try:
        parse_schedule(items, known=[c for c in clinic_instruments() if c not in BUILT_IN])
    except InputError as error:
        raise _input_error(error) from None
    with transaction.atomic():
        schedule = OutcomeSchedule.objects.select_for_update().filter(protocol_code=protocol_code).first()
        if schedule is None:
            schedule = OutcomeSchedule(clinic_id=clinic_id, protocol_code=protocol_code)
        schedule.items = items
        schedule.updated_by = actor.get_username()
        try:
            schedule.save()
        except IntegrityError:
            raise ValidationError(
                {"protocol_code": gettext("This protocol's schedule was just saved.")}
            ) from None
        audit_by(
            actor,
            AuditAction.UPDATE,
            clinic_id=clinic_id,
            object_type="outcome_schedule",
            object_id=protocol_code,
        )
    return schedule
