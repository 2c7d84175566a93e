"""Starting a session: the last path to an injection, behind the same gates as booking.

The gates run again at the moment the session begins, on the appointment's own time: a
screening, a consent or an interval that changed since the booking stops the session here
(scheduling.services.booking_gates). The session's record (charting) opens from a started
appointment."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.accounts.selectors import clinicians_of
from mesodesk.clinic.scheduling import MESOTHERAPY
from mesodesk.scheduling.models import Appointment
from mesodesk.scheduling.services import BookingBlocked, booking_gates


def appointment_start(*, appointment: Appointment, actor: Actor) -> Appointment:
    """Mark today's live appointment started (when and by whom, audited) once the gates pass;
    a blocked gate raises BookingBlocked with every finding, and the appointment keeps the
    findings so the calendar and the dashboard show why. Starting it again changes nothing.

    Re-reads the appointment under a row lock, so two clicks start it once."""
    refused: BookingBlocked | None = None
    with transaction.atomic():
        current = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("patient", "course_session__course")
            .get(pk=appointment.pk)
        )
        if current.started_at is not None:
            return current
        if current.cancelled_at is not None:
            raise ValidationError({"appointment": gettext("This appointment was cancelled.")})
        if timezone.localtime(current.start).date() != timezone.localdate():
            raise ValidationError({"start": gettext("Only today's appointments can be started.")})
        if (
            current.kind == MESOTHERAPY
            and not clinicians_of(current.patient.clinic).filter(pk=actor.pk).exists()
        ):
            raise ValidationError(
                {"appointment": gettext("A mesotherapy session is started by a clinician of the clinic.")}
            )
        findings = booking_gates(
            patient=current.patient, kind=current.kind, start=current.start, end=current.end,
            course_session=current.course_session, ignore=current, starting=True,
        )  # fmt: skip
        now = timezone.now()
        current.gates = [f.to_dict() for f in findings]
        current.gates_checked_at = now
        if any(f.level == "blocked" for f in findings):
            # The findings are kept (the calendar flags the appointment); the session is not started.
            current.save(update_fields=["gates", "gates_checked_at"])
            refused = BookingBlocked(findings)
            _audit(actor, current, "start refused", codes=[f.code for f in findings if f.level == "blocked"])
        else:
            current.started_at, current.started_by = now, actor.get_username()
            current.save(update_fields=["gates", "gates_checked_at", "started_at", "started_by"])
            _audit(actor, current, "started")
    if refused is not None:
        raise refused
    return current


def _audit(actor: Actor, appointment: Appointment, what: str, codes: list[str] | None = None) -> None:
    detail: dict[str, object] = {
        "what": what,
        "start": appointment.start.isoformat(),
        "kind": appointment.kind,
    }
    if codes:
        detail["blocked"] = codes
    audit_by(
        actor,
        AuditAction.UPDATE,
        clinic_id=appointment.clinic_id,
        patient_id=appointment.patient_id,
        object_type="appointment",
        object_id=appointment.pk,
        detail=detail,
    )
