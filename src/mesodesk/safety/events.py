"""Signals safety sends to the floors above it.

`session_lots_asked` asks which lots a course session drew, so that an adverse event carries
the lots the chart says were injected instead of lots typed by hand (the cluster signal groups
by lot). Safety sits below charting and may not read its records: charting answers
(`charting.receivers`) with the lots of the session's signed record, or with None when the
session has no signed record, and safety then keeps the lots it was given.
"""

from __future__ import annotations

from typing import cast

from django.dispatch import Signal

from mesodesk.courses.models import CourseSession
from mesodesk.inventory.models import Lot

session_lots_asked = Signal()


def lots_charted(session: CourseSession) -> list[Lot] | None:
    """The lots drawn at `session` by its signed record, or None when no record answers."""
    answers = session_lots_asked.send(sender=CourseSession, session=session)
    charted = [cast(list[Lot], lots) for _, lots in answers if lots is not None]
    if not charted:
        return None
    seen: dict[int, Lot] = {}
    for lots in charted:
        for lot in lots:
            seen.setdefault(lot.pk, lot)
    return list(seen.values())
