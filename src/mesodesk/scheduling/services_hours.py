"""The clinic's working hours, which the calendar's grid shows: saved by its administrator."""

from __future__ import annotations

import datetime

from django.db import transaction

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction, Clinic
from mesodesk.scheduling.models import ClinicHours


def clinic_hours_set(
    *, clinic: Clinic, opens: datetime.time, closes: datetime.time, days: str, actor: Actor
) -> ClinicHours:
    """Save the clinic's hours (days as ISO weekday digits, "123456"), checked by the model and
    its constraint, with an audit line saying what they were and what they became."""
    with transaction.atomic():
        hours = ClinicHours.objects.select_for_update().filter(clinic=clinic).first()
        created = hours is None
        if hours is None:
            hours = ClinicHours(clinic=clinic)
        before = str(hours)
        hours.opens, hours.closes, hours.days = opens, closes, "".join(sorted(set(days)))
        hours.full_clean()
        hours.save()
        audit_by(
            actor,
            AuditAction.CREATE if created else AuditAction.UPDATE,
            clinic_id=clinic.pk,
            object_type="clinic_hours",
            object_id=hours.pk,
            detail={"before": "" if created else before, "after": str(hours)},
        )
    return hours
