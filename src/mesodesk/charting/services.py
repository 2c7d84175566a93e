"""Writes of a session record: open it, fill its checklist and observations, sign it, amend it.

Every write re-reads the record under lock inside its transaction and refuses a signed one
(`RecordLocked`): what was signed stays as it was. The syringes and marks are written by
services_marks.py; signing draws the stock (inventory.services.lot_draw) here.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction, Membership, Role
from mesodesk.charting.handout import handout_on_commit
from mesodesk.charting.models import (
    Amendment,
    Delivery,
    RecordLocked,
    RecordStatus,
    SessionRecord,
    SyringeLot,
)
from mesodesk.charting.selectors import marks_of, record_check, syringes_of
from mesodesk.inventory.services import lot_draw
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.scheduling.gates import gate_shown
from mesodesk.scheduling.models import Appointment, AppointmentKind
from mesodesk.scheduling.services import BookingBlocked
from mesodesk.scheduling.services_start import appointment_start

CHECKLIST = ("screening_current", "consent_in_force", "precare_followed", "bruising_resolved", "gloves_worn")
DETAILS = (*CHECKLIST, "disinfectant", "delivery", "gun_model", "bleeding", "pain", "aftercare")


def require_clinician(by: Actor, clinic_id: int) -> None:
    """Only a clinician of the record's clinic charts, signs or amends (assistants read)."""
    if not Membership.objects.filter(user=by, clinic_id=clinic_id, role=Role.CLINICIAN).exists():
        raise ValidationError(
            {
                "clinician": ValidationError(
                    gettext("Only a clinician charts a session."), code="not_clinician"
                )
            }
        )


def draft_locked(record: SessionRecord, by: Actor) -> SessionRecord:
    """The record re-read under lock, for a change: refused when signed or when `by` is no clinician.
    The caller holds a transaction."""
    require_clinician(by, record.clinic_id)
    locked = (
        SessionRecord.objects.select_for_update().select_related("appointment", "patient").get(pk=record.pk)
    )
    if locked.signed:
        raise RecordLocked("a signed session record is never changed; add an amendment")
    return locked


def record_open(*, appointment: Appointment, by: Actor) -> SessionRecord:
    """The session record of a mesotherapy appointment, opened on first call (the same one after).

    The appointment comes from the caller's clinic scope (another clinic's is a 404 before
    this); refused for a cancelled appointment, another kind of appointment, a non-clinician."""
    require_clinician(by, appointment.clinic_id)
    if appointment.kind != AppointmentKind.MESOTHERAPY:
        raise ValidationError(
            {"appointment": gettext("Only a mesotherapy appointment has a session record.")}
        )
    if appointment.cancelled_at is not None:
        raise ValidationError({"appointment": gettext("This appointment was cancelled.")})
    with transaction.atomic():
        existing = SessionRecord.objects.filter(appointment=appointment).first()
        if existing is not None:
            return existing
        if appointment.started_at is None:
            # Charting is the injection: it opens only on a session started behind the gates
            # (screening, consent, intervals, pre-care...), never around them.
            _start(appointment, by)
        record = SessionRecord(
            clinic_id=appointment.clinic_id, appointment=appointment, patient_id=appointment.patient_id,
            clinician=by, course_session_id=appointment.course_session_id,
        )  # fmt: skip
        record.full_clean()
        record.save(force_insert=True)
        audit_by(
            by, AuditAction.CREATE, clinic_id=record.clinic_id, patient_id=record.patient_id,
            object_type="session_record", object_id=record.pk, detail={"appointment": appointment.pk},
        )  # fmt: skip
    return record


def _start(appointment: Appointment, by: Actor) -> None:
    try:
        appointment_start(appointment=appointment, actor=by)
    except BookingBlocked as exc:
        refusals = [
            "{title}. {message}".format(**gate_shown(finding.to_dict()))
            for finding in exc.findings
            if finding.level == "blocked"
        ]
        raise ValidationError({"appointment": refusals}) from None


def record_update(*, record: SessionRecord, by: Actor, **fields: Any) -> SessionRecord:
    """The checklist, how it was injected, the immediate observations and the after-care given."""
    unknown = set(fields) - set(DETAILS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: gettext("Unknown field.")})
    aftercare = fields.get("aftercare")
    if aftercare is not None:
        known = {c.code for c in load_knowledge().after_care}
        if not isinstance(aftercare, list) or any(code not in known for code in aftercare):
            raise ValidationError({"aftercare": gettext("Choose after-care from the list.")})
    with transaction.atomic():
        locked = draft_locked(record, by)
        for name, value in fields.items():
            setattr(locked, name, value)
        if locked.delivery == Delivery.GUN and not locked.gun_model.strip():
            raise ValidationError({"gun_model": gettext("Name the injector gun.")})
        if locked.delivery == Delivery.MANUAL:
            locked.gun_model = ""
        locked.full_clean()
        locked.save(update_fields=[*DETAILS])
        audit_by(
            by, AuditAction.UPDATE, clinic_id=locked.clinic_id, patient_id=locked.patient_id,
            object_type="session_record", object_id=locked.pk, detail={"fields": sorted(fields)},
        )  # fmt: skip
    return locked


def checklist_missing(record: SessionRecord) -> list[str]:
    """The checklist's items not yet ticked, by field name."""
    missing = [name for name in CHECKLIST if not getattr(record, name)]
    if not record.disinfectant:
        missing.append("disinfectant")
    return missing


def units_for(line: SyringeLot) -> int:
    """Whole units of the lot opened for the volume drawn: stock is counted by vial, not by ml."""
    return max(1, math.ceil(Decimal(line.volume_ml) / Decimal(line.lot.product.volume_ml)))


def record_sign(*, record: SessionRecord, by: Actor, password: str) -> SessionRecord:
    """Sign and lock: the record's clinician, re-entering their password, with the checklist
    complete and no error in the chart check. Draws each syringe's lots from stock, all or
    none (a lot that inventory refuses, expired or oily or short, undoes every draw), and
    links each draw to its syringe line. After this the record never changes."""
    with transaction.atomic():
        locked = draft_locked(record, by)
        if locked.clinician_id != by.pk:
            raise ValidationError(
                {"clinician": gettext("Only the clinician who charted this session signs it.")}
            )
        if not password or not by.check_password(password):
            raise ValidationError({"password": gettext("This is not your password.")})
        missing = checklist_missing(locked)
        if missing:
            raise ValidationError(
                {
                    "checklist": ValidationError(
                        gettext("Complete the pre-session checklist first."), code="checklist"
                    )
                }
            )
        if not marks_of(locked):
            raise ValidationError(
                {"points": gettext("Chart at least one point, area or site before signing.")}
            )
        syringes = syringes_of(locked)
        checked = record_check(locked, syringes)
        if not checked.ok:
            raise ValidationError(
                {"chart": ValidationError(
                    gettext("The chart check found errors: correct them before signing."), code="chart_errors"
                )}
            )  # fmt: skip
        day = timezone.localtime(locked.appointment.start).date()
        for line in checked.lots:
            try:
                movement = lot_draw(
                    lot=line.lot, quantity=units_for(line), by=by, on=day,
                    reference=f"session-record:{locked.pk}:syringe-lot:{line.pk}",
                )  # fmt: skip
            except ValidationError as refused:
                reason = " ".join(m for messages in refused.message_dict.values() for m in messages)
                raise ValidationError(
                    {"lots": gettext("Lot %(lot)s of %(product)s: %(reason)s")
                     % {"lot": line.lot.number, "product": line.lot.product.name, "reason": reason}}
                ) from refused  # fmt: skip
            SyringeLot.objects.filter(pk=line.pk).update(movement=movement)
        locked.status = RecordStatus.SIGNED
        locked.signed_at = timezone.now()
        locked.signed_by = by
        locked.save(update_fields=["status", "signed_at", "signed_by"])
        audit_by(
            by, AuditAction.SIGN, clinic_id=locked.clinic_id, patient_id=locked.patient_id,
            object_type="session_record", object_id=locked.pk,
            detail={"draws": [line.pk for line in checked.lots], "marks": len(checked.marks)},
        )  # fmt: skip
        # The after-care handout, in the patient's language, once the signature is committed.
        handout_on_commit(record=locked, by=by)
    return locked


def amendment_add(*, record: SessionRecord, by: Actor, reason: str, change: str) -> Amendment:
    """A correction or an addition to a signed record, beside it: the record stays as signed."""
    require_clinician(by, record.clinic_id)
    reason, change = reason.strip(), change.strip()
    if not reason:
        raise ValidationError({"reason": gettext("Say why you amend the record.")})
    if not change:
        raise ValidationError({"change": gettext("Say what the amendment adds or corrects.")})
    with transaction.atomic():
        locked = SessionRecord.objects.select_for_update().get(pk=record.pk)
        if not locked.signed:
            raise ValidationError(
                {"record": gettext("A draft is corrected directly; only a signed record is amended.")}
            )
        amendment = Amendment(clinic_id=locked.clinic_id, record=locked, by=by, reason=reason, change=change)
        amendment.full_clean()
        amendment.save(force_insert=True)
        audit_by(
            by, AuditAction.UPDATE, clinic_id=locked.clinic_id, patient_id=locked.patient_id,
            object_type="session_record", object_id=locked.pk, detail={"amendment": amendment.pk},
        )  # fmt: skip
    return amendment
