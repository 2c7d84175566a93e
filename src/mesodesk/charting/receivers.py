"""Charting's answers to the floors below it (connected in apps.ready)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django_scopes import scopes_disabled

from mesodesk.charting.models import RecordStatus, SessionRecord, SyringeLot
from mesodesk.courses.models import CourseSession
from mesodesk.inventory.models import Lot
from mesodesk.safety.events import session_lots_asked


@receiver(session_lots_asked)
def lots_of_signed_record(sender: Any, session: CourseSession, **kwargs: Any) -> list[Lot] | None:
    """The lots drawn into the syringes of the session's signed record(s), in the order charted;
    None when the session has no signed record (a draft drew nothing from stock)."""
    # Unscoped on purpose: a patient's follow-up link reports with no clinic scope open; the
    # session's own clinic bounds the read.
    with scopes_disabled():
        signed = SessionRecord.objects.filter(
            clinic_id=session.clinic_id, course_session=session, status=RecordStatus.SIGNED
        )
        if not signed.exists():
            return None
        lines = SyringeLot.objects.filter(clinic_id=session.clinic_id, record__in=signed).select_related(
            "lot"
        )
        lots: dict[int, Lot] = {}
        for line in lines.order_by("id"):
            lots.setdefault(line.lot_id, line.lot)
    return list(lots.values())
