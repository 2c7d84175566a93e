"""A completed course tells the floor above it, after the commit, and only then."""

from __future__ import annotations

from typing import Any

import pytest
from django_scopes import scope

from mesodesk.courses.events import course_completed
from mesodesk.courses.models import Course
from mesodesk.courses.services import course_session_record

pytestmark = pytest.mark.django_db


def _record_last_session_done(course: Course, actor: Any) -> None:
    session = course.sessions.get(number=course.sessions.count())
    course_session_record(
        session=session, status="done", bruising=False, bruising_resolved_on=None, actor=actor
    )


def test_the_event_is_sent_once_the_recording_is_committed(
    course: Course, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    heard: list[Course] = []

    def listener(sender: Any, *, course: Course, **kwargs: Any) -> None:
        heard.append(course)

    course_completed.connect(listener)
    try:
        with scope(clinic=course.clinic), django_capture_on_commit_callbacks(execute=False) as callbacks:
            _record_last_session_done(course, alice)
            assert heard == []  # not while the transaction may still roll back
        for callback in callbacks:
            callback()
    finally:
        course_completed.disconnect(listener)
    assert heard == [course]
