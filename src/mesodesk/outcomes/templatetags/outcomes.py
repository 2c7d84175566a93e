"""`{% outcome_ratings_due session %}`: the clinician-rated outcome scales due at a course
session, with a link to rate them; for the pages of the floors above (the session record)
that show a session without knowing the outcomes app. One query (two when one of the
clinic's own instruments is due: its name)."""

from __future__ import annotations

from typing import Any

from django import template

from mesodesk.clinic.outcomes import BUILT_IN
from mesodesk.outcomes.labels import instrument_name
from mesodesk.outcomes.selectors import clinic_instruments, ratings_due_at_sessions

register = template.Library()


@register.inclusion_tag("outcomes/_ratings_due.html")
def outcome_ratings_due(session: Any) -> dict[str, Any]:
    if session is None:
        return {"names": []}
    found = ratings_due_at_sessions([session.pk]).get(session.pk)
    if found is None:
        return {"names": []}
    # The clinic's own instruments' names: one more query, only when one of them is due.
    own = clinic_instruments() if any(code not in BUILT_IN for code in found.instruments) else {}
    names = [instrument_name(code, own) for code in found.instruments]
    return {"names": names, "course_id": session.course_id}
