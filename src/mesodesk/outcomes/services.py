"""Writes: responses recorded (scored by clinic.outcomes), a clinic's own instruments and
schedules; every one validated field by field and audited, in one transaction."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by, audit_record
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.clinic.errors import InputError
from mesodesk.clinic.outcome_schedule import parse_schedule
from mesodesk.clinic.outcomes import BUILT_IN, CATEGORICAL, NUMERIC
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
        value = Decimal(str(raw))
    except InvalidOperation:
        errors[field] = gettext("Enter a number.")
        return None
    if not value.is_finite() or abs(value) > LIMIT:
        errors[field] = gettext("Enter a number from -99999 to 99999.")
        return None
    return value


LIMIT = Decimal(99999)
CODE = re.compile(r"^[-a-z0-9_]+$")
_TEXT = 120


def _choices(raw: object, errors: dict[str, str]) -> list[dict[str, str]]:
    """The categorical instrument's choices, [{code, en, fr, de}], each checked."""
    if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
        errors["choices"] = gettext("Each choice needs a code.")
        return []
    out: list[dict[str, str]] = []
    for number, choice in enumerate(raw, 1):
        item = {k: str(choice.get(k) or "").strip() for k in ("code", "en", "fr", "de")}
        if not item["code"]:
            errors["choices"] = gettext("Each choice needs a code.")
        elif len(item["code"]) > 40 or not CODE.match(item["code"]):
            errors["choices"] = gettext(
                "Choice %(number)s: a code is up to 40 lower-case letters, digits, - or _."
            ) % {"number": number}
        elif not all(item[lang] for lang in ("en", "fr", "de")):
            errors["choices"] = gettext("Choice %(number)s needs its text in English, French and German.") % {
                "number": number
            }
        elif any(len(item[lang]) > _TEXT for lang in ("en", "fr", "de")):
            errors["choices"] = gettext("Choice %(number)s: a text is at most 120 characters.") % {
                "number": number
            }
        out.append(item)
    if "choices" not in errors:
        if len(out) < 2:
            errors["choices"] = gettext("A categorical instrument needs at least two choices.")
        elif len(out) > 20:
            errors["choices"] = gettext("At most 20 choices.")
        elif len({c["code"] for c in out}) != len(out):
            errors["choices"] = gettext("Two choices have the same code.")
    return out


def _keeps_answers(own: ClinicInstrument, errors: dict[str, str]) -> None:
    """An instrument with answers keeps its kind, its choices' codes and a range holding the
    scores already recorded: its answers must stay readable and comparable."""
    recorded = OutcomeResponse.objects.filter(instrument=own.code)
    if not recorded.exists():
        return
    before = ClinicInstrument.objects.get(pk=own.pk)
    if before.kind != own.kind:
        errors["kind"] = gettext("This instrument has answers: its kind cannot change.")
    elif own.kind == CATEGORICAL:
        kept = {str(c["code"]) for c in own.choices}
        lost = sorted({str(c["code"]) for c in before.choices} - kept)
        if lost:
            errors["choices"] = gettext("This instrument has answers: keep the choices %(codes)s.") % {
                "codes": ", ".join(lost)
            }
    else:
        span = recorded.aggregate(low=Min("score"), high=Max("score"))
        if own.minimum is not None and span["low"] is not None and own.minimum > span["low"]:
            errors["minimum"] = gettext("An answer already recorded is below this minimum.")
        if own.maximum is not None and span["high"] is not None and own.maximum < span["high"]:
            errors["maximum"] = gettext("An answer already recorded is above this maximum.")


def clinic_instrument_save(
    *, clinic_id: int, actor: Actor, data: dict[str, Any], instance: ClinicInstrument | None = None
) -> ClinicInstrument:
    """The clinic's own instrument, new or changed (the API and the pages both write here).
    `data`: code (new only), name_en/fr/de, rater, kind, minimum/maximum/decimals (numeric)
    or choices ([{code, en, fr, de}], categorical) and better ("", "lower": the first choice
    is best, "higher": the last). Raises ValidationError naming each bad field; a failed save
    changes nothing."""
    errors: dict[str, str] = {}
    kind = str(data.get("kind") or "")
    minimum, maximum = _decimal(data, "minimum", errors), _decimal(data, "maximum", errors)
    if kind == NUMERIC:
        for name, value in (("minimum", minimum), ("maximum", maximum)):
            if value is None and name not in errors:
                errors[name] = gettext("A numeric instrument needs a minimum and a maximum.")
        if minimum is not None and maximum is not None and minimum >= maximum:
            errors["maximum"] = gettext("The maximum must be above the minimum.")
    choices = _choices(data.get("choices") or [], errors) if kind == CATEGORICAL else []
    better = str(data.get("better") or "") if kind == CATEGORICAL else ""
    if better not in ("", "lower", "higher"):
        errors["better"] = gettext("Choose whether the first or the last choice is best, or neither.")
    try:
        decimals = int(data.get("decimals") or 0)
    except (TypeError, ValueError):
        decimals = -1
    if kind == NUMERIC and not 0 <= decimals <= 2:
        errors["decimals"] = gettext("Enter 0, 1 or 2 decimal places.")
    own = (
        instance
        if instance is not None
        else ClinicInstrument(clinic_id=clinic_id, created_by=actor.get_username())
    )
    if instance is None:
        own.code = str(data.get("code") or "").strip()
        if own.code and not CODE.match(own.code):
            errors["code"] = gettext("Use lower-case letters, digits, - and _ only.")
        elif own.code in BUILT_IN:
            errors["code"] = gettext("This code belongs to a built-in instrument.")
        elif ClinicInstrument.objects.filter(code=own.code).exists():
            errors["code"] = gettext("The clinic already has an instrument with this code.")
    for lang in ("en", "fr", "de"):
        setattr(own, f"name_{lang}", str(data.get(f"name_{lang}") or "").strip())
    own.rater = str(data.get("rater") or "")
    own.kind = kind
    own.minimum = minimum if kind == NUMERIC else None
    own.maximum = maximum if kind == NUMERIC else None
    own.decimals = max(decimals, 0) if kind == NUMERIC else 0
    own.choices = choices
    own.ordered = bool(better)
    own.better = better
    try:
        own.full_clean(exclude=[*errors, "clinic"], validate_constraints=False)
    except ValidationError as exc:
        for name, problems in exc.message_dict.items():
            errors.setdefault(name, problems[0])
    if instance is not None and not errors:
        _keeps_answers(own, errors)
    if errors:
        if instance is not None:
            instance.refresh_from_db()
        raise ValidationError(errors)
    with transaction.atomic():
        try:
            own.save(force_insert=instance is None)
        except IntegrityError:
            raise ValidationError(
                {"code": gettext("The clinic already has an instrument with this code.")}
            ) from None
        audit_by(
            actor,
            AuditAction.CREATE if instance is None else AuditAction.UPDATE,
            clinic_id=clinic_id,
            object_type="clinic_instrument",
            object_id=own.code,
        )
    return own


def clinic_instrument_create(*, clinic_id: int, actor: Actor, data: dict[str, Any]) -> ClinicInstrument:
    """A new instrument of the clinic (see clinic_instrument_save)."""
    return clinic_instrument_save(clinic_id=clinic_id, actor=actor, data=data)


def clinic_instrument_retire(
    *, own: ClinicInstrument, actor: Actor, retired: bool = True
) -> ClinicInstrument:
    """Retired, the instrument is asked no more (schedules skip it) and its answers stay; it
    is never deleted. `retired=False` brings it back."""
    own.retired_at = timezone.now() if retired else None
    with transaction.atomic():
        own.save(update_fields=["retired_at"])
        audit_by(
            actor,
            AuditAction.UPDATE,
            clinic_id=own.clinic_id,
            object_type="clinic_instrument",
            object_id=own.code,
            detail={"retired": retired},
        )
    return own


def outcome_schedule_save(
    *, clinic_id: int, actor: Actor, protocol_code: str, items: object
) -> OutcomeSchedule:
    """The clinic's schedule for one protocol, replacing the default (or its previous one)."""
    if not protocol_code.strip():
        raise ValidationError({"protocol_code": gettext("Choose a protocol.")})
    try:
        parse_schedule(items, known=[c for c, own in clinic_instruments().items() if own.retired_at is None])
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
