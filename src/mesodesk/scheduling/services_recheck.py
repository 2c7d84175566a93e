"""Running the clinical gates again on a patient's booked appointments after something they
read changed (history, an acknowledgement, an allergy review, a consent), and telling the
clinician of each appointment that is newly blocked."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from mesodesk.patients.models import Patient
from mesodesk.scheduling.gates import gate_message, gate_title, when_text
from mesodesk.scheduling.models import Appointment
from mesodesk.scheduling.services import booking_gates

logger = logging.getLogger(__name__)


def appointments_recheck(*, patient: Patient, since: datetime.datetime | None = None) -> list[Appointment]:
    """Run the gates again on every future live appointment of the patient (from `since`, if
    given: today's earlier ones too), after their history, an acknowledgement, an allergy
    review or a consent changed; store what they say on each row (its `gates`, `blocked`,
    `gates_checked_at`), and e-mail each clinician whose appointment is newly blocked.
    Returns the appointments newly blocked."""
    now = timezone.now()
    newly_blocked = []
    upcoming = Appointment.objects.filter(
        patient=patient, cancelled_at__isnull=True, start__gte=since or now
    ).select_related("course_session__course", "clinician")
    with transaction.atomic():
        for appointment in upcoming:
            was_blocked = appointment.blocked
            findings = booking_gates(
                patient=patient, kind=appointment.kind, start=appointment.start, end=appointment.end,
                course_session=appointment.course_session, ignore=appointment,
            )  # fmt: skip
            appointment.gates = [f.to_dict() for f in findings]
            appointment.gates_checked_at = now
            Appointment.objects.filter(pk=appointment.pk).update(
                gates=appointment.gates, gates_checked_at=now
            )
            if appointment.blocked and not was_blocked:
                newly_blocked.append(appointment)
    by_clinician: dict[int, list[Appointment]] = {}
    for appointment in newly_blocked:
        by_clinician.setdefault(appointment.clinician_id, []).append(appointment)
    for appointments in by_clinician.values():
        _blocked_mail(patient, appointments)
    return newly_blocked


def _blocked_mail(patient: Patient, appointments: list[Appointment]) -> None:
    """Tell the clinician, in the clinic's language, which sessions no longer pass the gates."""
    clinician = appointments[0].clinician
    if not clinician.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "Patient %(patient)s: %(count)d booked appointment is now blocked",
            "Patient %(patient)s: %(count)d booked appointments are now blocked",
            len(appointments),
        ) % {"patient": patient.pseudonym, "count": len(appointments)}
        lines = [
            gettext(
                "The medical history or screening of patient %(patient)s changed. The clinical gates "
                "now block these appointments; do not inject before you have looked:"
            )
            % {"patient": patient.pseudonym},
            "",
        ]
        for appointment in appointments:
            lines.append(f"- {when_text(appointment.start)}: {appointment.get_kind_display()}")
            lines.extend(
                f"  {gate_title(str(g['code']))}: {gate_message(g)}"
                for g in appointment.gates
                if g.get("level") == "blocked"
            )
        body = "\n".join([*lines, "", patient.clinic.name])
    try:
        send_mail(subject, body, None, [clinician.email])
    except OSError:
        # Sent after the change was committed: a mail server down must not fail the request.
        # The appointment still shows it is blocked (calendar, API).
        logger.exception("could not tell %s that appointments are blocked", clinician.get_username())
