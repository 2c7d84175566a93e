"""Writes: adverse events reported, reviewed and resolved; every one audited and validated.

After each write the clinic's signals are brought up to date (safety.signals)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by, audit_record
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.courses.models import CourseSession
from mesodesk.courses.services import session_day
from mesodesk.inventory.models import Lot
from mesodesk.safety.events import lots_charted
from mesodesk.safety.kinds import kind_codes
from mesodesk.safety.models import OTHER, RESOLVED_OUTCOMES, AdverseEvent, Outcome, Severity
from mesodesk.safety.signals import signals_refresh


def _check(event: AdverseEvent, held_on: datetime.date) -> None:
    """Field by field, so the form or the API names what is wrong."""
    errors: dict[str, str] = {}
    if event.kind not in kind_codes():
        errors["kind"] = gettext("Unknown type of adverse event.")
    elif event.kind == OTHER and not event.description.strip():
        errors["description"] = gettext("Describe the event when its type is “other”.")
    if event.severity not in Severity.values:
        errors["severity"] = gettext("Unknown severity.")
    if event.outcome not in Outcome.values:
        errors["outcome"] = gettext("Unknown outcome.")
    day = formats.date_format(held_on, "SHORT_DATE_FORMAT")
    if event.onset < held_on:
        errors["onset"] = gettext("An adverse event cannot start before its session, on %(day)s.") % {
            "day": day
        }
    if event.resolved_on is not None:
        if event.resolved_on < event.onset:
            errors["resolved_on"] = gettext("An adverse event cannot resolve before its onset.")
        elif event.outcome not in RESOLVED_OUTCOMES:
            errors["outcome"] = gettext("A resolution date needs a resolved outcome.")
    elif event.outcome in RESOLVED_OUTCOMES:
        errors["resolved_on"] = gettext("Give the date it resolved.")
    if errors:
        raise ValidationError(errors)


def adverse_event_create(
    *,
    session: CourseSession,
    kind: str,
    onset: datetime.date,
    actor: Actor | None,
    description: str = "",
    severity: str = Severity.MILD,
    serious: bool = False,
    outcome: str = Outcome.ONGOING,
    resolved_on: datetime.date | None = None,
    lots: Iterable[Lot] = (),
    follow_up_link: int | None = None,
) -> AdverseEvent:
    """An event after `session`, of its patient, by the course's clinician. With no actor it
    comes from the patient's follow-up link (`follow_up_link`): marked patient-reported,
    for a clinician to review. When the session was charted and signed, its lots are the
    chart's syringe lines (safety.events.lots_charted) and `lots` is not used: what went into
    the patient is what the signed record says, so the signal clusters by the true lot."""
    course = session.course
    event = AdverseEvent(
        clinic_id=session.clinic_id,
        patient_id=course.patient_id,
        session=session,
        clinician_id=course.clinician_id,
        kind=kind,
        description=description.strip(),
        onset=onset,
        severity=severity,
        serious=serious,
        outcome=outcome,
        resolved_on=resolved_on,
        reported_by_patient=actor is None,
        reported_by=actor.get_username() if actor is not None else "",
    )
    _check(event, session_day(session))
    charted = lots_charted(session)
    lots = list(lots) if charted is None else charted
    if any(lot.clinic_id != session.clinic_id for lot in lots):
        raise ValidationError({"lots": gettext("Choose lots of this clinic.")})
    with transaction.atomic():
        event.full_clean()
        event.save(force_insert=True)
        event.lots.set(lots)
        detail = {
            "kind": kind, "serious": serious, "link": follow_up_link, "lots": [lot.pk for lot in lots],
            "lots_from_chart": charted is not None,
        }  # fmt: skip
        _audit(event, actor, AuditAction.CREATE, detail)
        signals_refresh(clinic_id=event.clinic_id)
    return event


def adverse_event_update(*, event: AdverseEvent, actor: Actor, data: dict[str, Any]) -> AdverseEvent:
    """Change what staff may change (severity, seriousness, outcome, resolution, description)."""
    allowed = {"kind", "description", "onset", "severity", "serious", "outcome", "resolved_on"}
    with transaction.atomic():
        locked = AdverseEvent.objects.select_for_update().select_related("session").get(pk=event.pk)
        changed = {k: v for k, v in data.items() if k in allowed and getattr(locked, k) != v}
        if not changed:
            return locked
        for name, value in changed.items():
            setattr(locked, name, value)
        _check(locked, session_day(locked.session))
        locked.full_clean()
        locked.save(update_fields=list(changed))
        _audit(locked, actor, AuditAction.UPDATE, {"changed": sorted(changed)})
        signals_refresh(clinic_id=locked.clinic_id)
    return locked


def adverse_event_review(*, event: AdverseEvent, actor: Actor) -> AdverseEvent:
    """A clinician has read a patient's report."""
    with transaction.atomic():
        locked = AdverseEvent.objects.select_for_update().get(pk=event.pk)
        if locked.reviewed_at is not None:
            return locked
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = actor.get_username()
        locked.save(update_fields=["reviewed_at", "reviewed_by"])
        _audit(locked, actor, AuditAction.UPDATE, {"reviewed": True})
    return locked


def _audit(event: AdverseEvent, actor: Actor | None, action: str, detail: dict[str, Any]) -> None:
    if actor is not None:
        audit_by(
            actor,
            action,
            clinic_id=event.clinic_id,
            patient_id=event.patient_id,
            object_type="adverse_event",
            object_id=event.pk,
            detail=detail,
        )
    else:  # the patient, through a follow-up link: no staff member to name
        audit_record(
            action=action,
            actor_id=None,
            actor="follow-up link",
            clinic_id=event.clinic_id,
            patient_id=event.patient_id,
            object_type="adverse_event",
            object_id=event.pk,
            detail=detail,
        )
