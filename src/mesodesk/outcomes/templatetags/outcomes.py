"""`{% outcome_ratings_due session %}`: the clinician-rated outcome scales due at a course
session, with a link to rate them; for the pages of the floors above (the session record)
that show a session without knowing the outcomes app. One query."""

from __future__ import annotations

from typing import Any

from django import template

from mesodesk.outcomes.labels import instrument_name
from mesodesk.outcomes.selectors import ratings_due_at_sessions

register = template.Library()


@register.inclusion_tag("outcomes/_ratings_due.html")
def outcome_ratings_due(session: Any) -> dict[str, Any]:
    if session is None:
        return {"names": []}
    found = ratings_due_at_sessions([session.pk]).get(session.pk)
    names = [instrument_name(code) for code in found.instruments] if found is not None else []
    return {"names": names, "course_id": session.course_id}
