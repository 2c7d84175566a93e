"""`{% outcome_ratings_due session %}`: the clinician-rated outcome scales due at a course
session, with a link to rate them; for the pages of the floors above (the session record)
that show a session without knowing the outcomes app. One query (two when one of the
clinic's own instruments is due: its name)."""

from __future__ import annotations

from typing import Any

from django import template

from mesodesk.outcomes.selectors import rating_names_due_at_sessions

register = template.Library()


@register.inclusion_tag("outcomes/_ratings_due.html")
def outcome_ratings_due(session: Any) -> dict[str, Any]:
    if session is None:
        return {"names": []}
    names = rating_names_due_at_sessions([session.pk]).get(session.pk)
    if names is None:
        return {"names": []}
    return {"names": names, "course_id": session.course_id}
