"""A session's bruising, as recorded on the course page, becomes (or resolves) its bruising
adverse event: the one record the calendar's gate reads (courses.events)."""

from __future__ import annotations

import datetime
from typing import Any

from django.dispatch import receiver

from mesodesk.accounts.models import Actor
from mesodesk.courses.events import session_after_effects
from mesodesk.courses.models import CourseSession
from mesodesk.safety.models import BRUISING, AdverseEvent, Outcome
from mesodesk.safety.services import adverse_event_create, adverse_event_update


@receiver(session_after_effects)
def bruising_from_session(
    sender: type,
    *,
    session: CourseSession,
    held_on: datetime.date,
    bruising: bool,
    bruising_resolved_on: datetime.date | None,
    actor: Actor,
    **kwargs: Any,
) -> None:
    """Unticking the box removes nothing: an adverse event once reported stays on record."""
    if not bruising:
        return
    existing = AdverseEvent.objects.filter(session=session, kind=BRUISING).order_by("id").first()
    outcome = Outcome.RESOLVED if bruising_resolved_on is not None else Outcome.ONGOING
    if existing is None:
        adverse_event_create(
            session=session,
            kind=BRUISING,
            onset=held_on,
            outcome=outcome,
            resolved_on=bruising_resolved_on,
            actor=actor,
        )
    else:
        adverse_event_update(
            event=existing, actor=actor, data={"outcome": outcome, "resolved_on": bruising_resolved_on}
        )
