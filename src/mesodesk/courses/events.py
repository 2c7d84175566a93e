"""What courses tell the apps above them, after the change has been committed.

Scheduling plans the maintenance recall when a course is completed; courses does not
import scheduling (floors only point down), it sends `course_completed` and whoever
listens reacts. The same for a session's bruising, which the safety app records as an
adverse event (`session_after_effects`). Sent on commit, so a rolled-back recording plans nothing."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.dispatch import Signal

if TYPE_CHECKING:
    from mesodesk.courses.models import Course

# Sent with course=Course, last_session_day=datetime.date.
course_completed = Signal()

# Sent with session=CourseSession, held_on, bruising: bool, bruising_resolved_on, actor, inside
# the recording's transaction (not on commit): the adverse event it becomes (safety.receivers)
# is part of the same write, and a failure there undoes the recording.
session_after_effects = Signal()


def course_completed_send_on_commit(*, course: Course, last_session_day: datetime.date) -> None:
    transaction.on_commit(
        lambda: course_completed.send(sender=type(course), course=course, last_session_day=last_session_day)
    )
