"""Issue 15: the course page costs the same at a thousand sessions as at ten. Its rows carry
no form (each session is recorded on its own page) and the list is paged by session number,
so the queries and the HTML of a page do not grow with the course."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from mesodesk.courses.models import Course, CourseSession
from mesodesk.courses.views import SESSIONS_PER_PAGE
from tests.conftest import signed_in


def grow(course: Course, total: int) -> None:
    """Adds planned sessions after the course's own, by one bulk insert, up to `total`."""
    with scopes_disabled():
        last = course.sessions.order_by("-number").first()
        assert last is not None
        day = last.latest
        CourseSession.objects.bulk_create(
            CourseSession(
                clinic_id=course.clinic_id,
                course=course,
                number=number,
                due=day + datetime.timedelta(days=7 * (number - last.number)),
                earliest=day + datetime.timedelta(days=7 * (number - last.number) - 2),
                latest=day + datetime.timedelta(days=7 * (number - last.number) + 2),
            )
            for number in range(last.number + 1, total + 1)
        )


def open_page(client: Client, course: Course, query: str = "") -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/courses/{course.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_query_count_is_the_same_at_ten_and_a_thousand_sessions(
    client: Client, alice: Any, course: Course
) -> None:
    signed_in(client, alice)
    grow(course, 10)
    open_page(client, course)  # the first request of a sign-in also reads its session's caches
    _, at_ten = open_page(client, course)
    grow(course, 1000)
    _, at_a_thousand = open_page(client, course)
    assert at_a_thousand == at_ten


def test_a_later_page_costs_one_query_more_than_the_first(client: Client, alice: Any, course: Course) -> None:
    # The one more: the start of the page before, for its "Earlier sessions" link.
    signed_in(client, alice)
    grow(course, 1000)
    open_page(client, course)
    _, first = open_page(client, course)
    _, later = open_page(client, course, "?from=901")
    assert later == first + 1


def test_the_html_per_row_is_bounded(client: Client, alice: Any, course: Course) -> None:
    # A row is its number, three dates, its status and two links: well under a kilobyte,
    # where a form per row took 1.4 kB. Measured between two page sizes, so the page's
    # own frame (menu, timeline axis, cost) cancels out.
    signed_in(client, alice)
    grow(course, 10)
    ten, _ = open_page(client, course)
    grow(course, 60)
    sixty, _ = open_page(client, course)
    per_row = (len(sixty.encode()) - len(ten.encode())) / 50
    assert per_row < 1000, per_row
    assert "<form" not in sixty.split('id="session-1"')[1].split("</table>")[0]


def test_a_thousand_sessions_are_paged_and_every_session_is_on_exactly_one_page(
    client: Client, alice: Any, course: Course
) -> None:
    signed_in(client, alice)
    grow(course, 1000)
    seen: list[int] = []
    query = ""
    pages = 0
    while True:
        html, _ = open_page(client, course, query)
        pages += 1
        seen += [int(part.split('"')[0]) for part in html.split('<tr id="session-')[1:]]
        if 'rel="next"' not in html:
            break
        query = html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert seen == list(range(1, 1001))
    assert pages == 1000 // SESSIONS_PER_PAGE


def test_the_last_page_links_back_to_the_one_before(client: Client, alice: Any, course: Course) -> None:
    signed_in(client, alice)
    grow(course, 250)
    html, _ = open_page(client, course, f"?from={251 - SESSIONS_PER_PAGE}")
    assert f'href="?from={251 - 2 * SESSIONS_PER_PAGE}" rel="prev"' in html
    assert 'rel="next"' not in html


@pytest.mark.parametrize("query", ["?from=abc", "?from=-3", "?from=999999999"])
def test_a_bad_page_start_shows_the_first_page(
    client: Client, alice: Any, course: Course, query: str
) -> None:
    signed_in(client, alice)
    html, _ = open_page(client, course, query)
    assert 'id="session-1"' in html


def test_a_session_is_recorded_on_its_own_page(client: Client, alice: Any, course: Course) -> None:
    signed_in(client, alice)
    page = client.get(f"/courses/{course.pk}/").content.decode()
    assert f'href="/courses/{course.pk}/sessions/3/"' in page
    form = client.get(f"/courses/{course.pk}/sessions/3/").content.decode()
    assert 'name="s3-status"' in form
    response = client.post(f"/courses/{course.pk}/sessions/3/", {"s3-status": "done"})
    assert response["Location"] == f"/courses/{course.pk}/#session-3"


def test_recording_a_late_session_returns_to_its_page(client: Client, alice: Any, course: Course) -> None:
    signed_in(client, alice)
    grow(course, 250)
    response = client.post(f"/courses/{course.pk}/sessions/230/", {"s230-status": "cancelled"})
    first = 229 // SESSIONS_PER_PAGE * SESSIONS_PER_PAGE + 1
    assert response["Location"] == f"/courses/{course.pk}/?from={first}#session-230"


def test_the_other_clinic_cannot_open_a_sessions_page(client: Client, charlie: Any, course: Course) -> None:
    signed_in(client, charlie)
    assert client.get(f"/courses/{course.pk}/sessions/1/").status_code == 404


def test_an_assistant_cannot_open_the_record_form(client: Client, bob: Any, course: Course) -> None:
    signed_in(client, bob)
    assert client.get(f"/courses/{course.pk}/sessions/1/").status_code == 403


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_each_day_is_formatted_once_a_page_and_reads_as_the_languages_date(
    client: Client, alice: Any, course: Course, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session's three days appear in its row and in the picture's tooltips: formatted once
    each (Django's date_format was a third of the page's template time at 50 rows), and
    written as the reader's language writes a date."""
    from django.utils import formats, translation

    from mesodesk.reference import words

    signed_in(client, alice)
    grow(course, 60)
    with scopes_disabled():
        shown = list(course.sessions.order_by("number")[:SESSIONS_PER_PAGE])
    days = {d for s in shown for d in (s.due, s.earliest, s.latest)}
    calls: list[datetime.date] = []
    original = formats.date_format

    def counted(value: datetime.date, format: str | None = None, use_l10n: bool | None = None) -> str:
        calls.append(value)
        return original(value, format, use_l10n)

    # The template's `date` filter calls it through the module, the picture's words by name.
    monkeypatch.setattr(formats, "date_format", counted)
    monkeypatch.setattr(words, "date_format", counted)
    html = client.get(f"/courses/{course.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert sorted(calls) == sorted(days), "each day of the page once"
    with translation.override(language):
        for session in shown:
            due = original(session.due, "DATE_FORMAT")
            row = html.split(f'id="session-{session.number}"')[1].split("</tr>")[0]
            assert f'<time datetime="{session.due.isoformat()}">{due}</time>' in row
            assert f"{due}" in html.split('id="timeline"')[1].split("</figure>")[0]
