"""Creating a course and recording its sessions."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.accounts.selectors import clinicians_of
from mesodesk.clinic.errors import InputError
from mesodesk.clinic.fields import EARLIEST_YEAR, LATEST_YEAR
from mesodesk.clinic.planning import plan_protocol
from mesodesk.courses.events import course_completed_send_on_commit, session_after_effects
from mesodesk.courses.models import ClinicProtocol, Course, CourseSession, PriceList, SessionStatus
from mesodesk.courses.selectors import price_list_of
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.knowledge.model import Protocol
from mesodesk.patients.models import Patient
from mesodesk.patients.screening import patient_screening, screening_snapshot_take
from mesodesk.patients.selectors import history_get
from mesodesk.reference.labels import kb_label


def protocol_for(clinic_id: int, code: str) -> tuple[Protocol, list[str]]:
    """A protocol from the knowledge base, or the clinic's own (its sources: its note).

    A clinic's protocol takes the knowledge base's shape, so one planner serves both."""
    known = load_knowledge().protocol_by_code.get(code)
    if known is not None:
        return known, list(known.sources)
    own = ClinicProtocol.objects.filter(clinic_id=clinic_id, code=code).first()
    if own is None:
        raise ValidationError({"protocol": gettext("Unknown protocol.")})
    protocol = Protocol.from_plain(
        {
            "code": own.code,
            "name": own.name,
            "indications": own.indications,
            "sessions": own.sessions,
            "phases": own.phases,
            "maintenance": own.maintenance,
            "sources": [],
            "where": "",
            "note": own.source_note,
        }
    )
    return protocol, [f"clinic: {own.source_note}"]


def course_create(
    *,
    patient: Patient,
    indication: str,
    protocol_code: str,
    formulation: str,
    clinician: Actor,
    start: datetime.date,
    actor: Actor,
    started_elsewhere: bool = False,
) -> Course:
    """A course and its planned sessions, refused while screening blocks this treatment.

    A new course starts today or later. `started_elsewhere` records, explicitly, one that
    began before it was entered (a practice moving its records to mesodesk; the demo):
    it may start in the past, and its sessions' outcomes are recorded afterwards."""
    kb = load_knowledge()
    if indication not in kb.indication_by_code:
        raise ValidationError({"indication": gettext("Unknown indication.")})
    if formulation and formulation not in kb.formulation_by_code:
        raise ValidationError({"formulation": gettext("Unknown formulation.")})
    if not clinicians_of(patient.clinic).filter(pk=clinician.pk).exists():
        raise ValidationError({"clinician": gettext("Choose a clinician of this clinic.")})
    protocol, sources = protocol_for(patient.clinic_id, protocol_code)
    if indication not in protocol.indications:
        raise ValidationError(
            {
                "protocol": gettext("This protocol is not for %(indication)s.")
                % {"indication": kb_label("indications", indication)}
            }
        )
    if start < timezone.localdate() and not started_elsewhere:
        raise ValidationError({"start": gettext("A course starts today or later.")})
    if not EARLIEST_YEAR <= start.year <= LATEST_YEAR:
        raise ValidationError(
            {
                "start": gettext("Start between %(earliest)d and %(latest)d.")
                % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
            }
        )
    if history_get(patient).version == 0:
        # Empty answers are not "nothing to report": a history never taken screens nobody eligible.
        raise ValidationError(
            {"indication": gettext("Take the patient's medical history first: screening needs it.")}
        )
    screening = patient_screening(patient=patient, indication=indication, formulation=formulation)
    if screening.blocked and screening.verdict == "contraindicated":
        raise ValidationError(
            {
                "indication": gettext(
                    "Screening blocks this indication and formulation; see the patient's screening."
                )
            }
        )
    if screening.blocked:
        # A caution is not a refusal: the clinician weighs it, says why, and goes ahead.
        raise ValidationError(
            {
                "indication": gettext(
                    "Screening asks for caution: a clinician acknowledges each relative finding, with a "
                    "reason, on the patient's screening; then the course can be created."
                )
            }
        )
    try:
        plan = plan_protocol(protocol, start)
    except InputError:
        # The planner's only refusal (clinic.planning): the dates overflow the calendar.
        raise ValidationError(
            {"start": gettext("This start is too late for the whole course to fit in the calendar.")}
        ) from None
    with transaction.atomic():
        snapshot = screening_snapshot_take(
            patient=patient, indication=indication, formulation=formulation, actor=actor
        )
        course = Course(
            clinic=patient.clinic,
            patient=patient,
            indication=indication,
            protocol_code=protocol.code,
            protocol_name=protocol.name,
            protocol_sources=sources,
            maintenance=plan.maintenance,
            formulation=formulation,
            clinician=clinician,
            screening=snapshot,
        )
        course.full_clean()
        course.save(force_insert=True)
        CourseSession.objects.bulk_create(
            CourseSession(
                clinic=patient.clinic,
                course=course,
                number=s.number,
                due=s.date,
                earliest=s.earliest,
                latest=s.latest,
            )
            for s in plan.sessions
        )
        audit_by(
            actor,
            AuditAction.CREATE,
            clinic_id=patient.clinic_id,
            patient_id=patient.pk,
            object_type="course",
            object_id=course.pk,
            detail={
                "protocol": protocol.code,
                "indication": indication,
                "formulation": formulation,
                "started_elsewhere": started_elsewhere,
            },
        )
    return course


def session_day(session: CourseSession) -> datetime.date:
    """The day the session was held: its live appointment's (the related rows scheduling keeps;
    read by relation, never imported), else its planned day (a past session recorded without one)."""
    booked: Any = getattr(session, "appointments", None)
    first = (
        booked.filter(cancelled_at__isnull=True).order_by("start").values_list("start", flat=True).first()
        if booked is not None
        else None
    )
    return timezone.localtime(first).date() if first is not None else session.due


def course_session_record(
    *,
    session: CourseSession,
    status: str,
    bruising: bool,
    bruising_resolved_on: datetime.date | None,
    actor: Actor,
) -> CourseSession:
    """What happened at a session, and its after-effects (bruising gates the next one)."""
    if status not in SessionStatus.values:
        raise ValidationError({"status": gettext("Unknown status.")})
    if bruising_resolved_on is not None and not bruising:
        raise ValidationError(
            {"bruising_resolved_on": gettext("Record bruising before the date it resolved.")}
        )
    held_on = session_day(session)
    if bruising_resolved_on is not None and bruising_resolved_on < held_on:
        raise ValidationError(
            {
                "bruising_resolved_on": gettext("Bruising cannot resolve before the session, on %(day)s.")
                % {"day": formats.date_format(held_on, "SHORT_DATE_FORMAT")}
            }
        )
    with transaction.atomic():
        session.status = status
        session.full_clean()
        session.save(update_fields=["status"])
        # Bruising is an adverse event now (the safety app, one source of truth for the gate).
        session_after_effects.send(
            sender=CourseSession,
            session=session,
            held_on=held_on,
            bruising=bruising,
            bruising_resolved_on=bruising_resolved_on,
            actor=actor,
        )
        audit_by(
            actor,
            AuditAction.UPDATE,
            clinic_id=session.clinic_id,
            patient_id=session.course.patient_id,
            object_type="course_session",
            object_id=session.pk,
            detail={"status": status, "bruising": bruising},
        )
        if status == SessionStatus.DONE and session.number == session.course.sessions.count():
            course_completed_send_on_commit(course=session.course, last_session_day=timezone.localdate())
    return session


def clinic_protocol_create(*, clinic_id: int, actor: Actor, data: dict[str, Any]) -> ClinicProtocol:
    low, high = data.get("maintenance_min_days"), data.get("maintenance_max_days")
    protocol = ClinicProtocol(
        clinic_id=clinic_id,
        code=data["code"],
        name=data["name"],
        indications=list(data["indications"]),
        sessions=data["sessions"],
        phases=data["phases"],
        maintenance={"every_days_min": low, "every_days_max": high} if low is not None else None,
        source_note=data["source_note"],
    )
    protocol.full_clean()
    with transaction.atomic():
        protocol.save()
        audit_by(
            actor,
            AuditAction.CREATE,
            clinic_id=clinic_id,
            object_type="clinic_protocol",
            object_id=protocol.code,
        )
    return protocol


def price_list_save(*, clinic_id: int, actor: Actor, data: dict[str, Any]) -> PriceList:
    prices = price_list_of(clinic_id) or PriceList(clinic_id=clinic_id)
    for name, value in data.items():
        setattr(prices, name, value)
    prices.full_clean()
    with transaction.atomic():
        prices.save()
        audit_by(
            actor,
            AuditAction.UPDATE,
            clinic_id=clinic_id,
            object_type="price_list",
            object_id=clinic_id,
            detail={k: str(v) for k, v in data.items()},
        )
    return prices
