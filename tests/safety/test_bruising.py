"""Bruising recorded on the course page is the session's bruising adverse event, the one
record the calendar's gate reads."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django_scopes import scope

from mesodesk.courses.models import CourseSession
from mesodesk.safety.models import AdverseEvent
from mesodesk.safety.selectors import bruising_unresolved
from tests.conftest import signed_in


def _record(client: Client, session: CourseSession, **fields: str) -> Any:
    data = {"s1-status": "done", **{f"s1-{k}": v for k, v in fields.items()}}
    return client.post(f"/courses/{session.course_id}/sessions/1/", data, follow=True)


def test_ticking_bruising_creates_its_adverse_event_and_the_gate_reads_it(
    client: Client, session_a: CourseSession, alice: Any
) -> None:
    page = _record(signed_in(client, alice), session_a, bruising="on").content.decode()
    assert "bruising not resolved" in page
    with scope(clinic=session_a.clinic):
        event = AdverseEvent.objects.get()
        assert (event.kind, event.onset, event.outcome) == ("bruising", session_a.due, "ongoing")
        assert bruising_unresolved(session_a)


def test_a_resolution_date_resolves_the_same_event(
    client: Client, session_a: CourseSession, alice: Any
) -> None:
    signed_in(client, alice)
    _record(client, session_a, bruising="on")
    resolved = (session_a.due + datetime.timedelta(days=3)).isoformat()
    page = _record(client, session_a, bruising="on", bruising_resolved_on=resolved).content.decode()
    assert "bruising not resolved" not in page
    with scope(clinic=session_a.clinic):
        event = AdverseEvent.objects.get()
        assert (event.outcome, event.resolved_on.isoformat() if event.resolved_on else None) == (
            "resolved",
            resolved,
        )
        assert not bruising_unresolved(session_a)


def test_the_form_shows_the_events_state(client: Client, session_a: CourseSession, alice: Any) -> None:
    signed_in(client, alice)
    _record(client, session_a, bruising="on")
    page = client.get(f"/courses/{session_a.course_id}/sessions/1/").content.decode()
    assert 'name="s1-bruising" checked' in page


def test_a_session_without_bruising_records_no_event(
    client: Client, session_a: CourseSession, alice: Any
) -> None:
    _record(signed_in(client, alice), session_a)
    with scope(clinic=session_a.clinic):
        assert not AdverseEvent.objects.exists()
