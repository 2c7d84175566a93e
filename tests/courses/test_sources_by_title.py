"""The course, protocols and prices pages cite sources by their articles' titles, never by id."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from mesodesk.courses.models import Course
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db
SOURCE_ID = re.compile(r"\b\d{3}_[0-9a-f]{16}\b")


def visible(html: str) -> str:
    """The page's text, without tags (an id may stay in a link's address)."""
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(("who", "path"), [("alice", "/courses/protocols/"), ("carol", "/courses/prices/")])
def test_reference_pages_name_the_articles(
    client: Client, who: str, path: str, request: pytest.FixtureRequest
) -> None:
    page = signed_in(client, request.getfixturevalue(who)).get(path).content.decode()
    assert not SOURCE_ID.search(visible(page))
    assert "<cite" in page


def test_the_course_page_names_the_articles(client: Client, alice: Any, course: Course) -> None:
    page = signed_in(client, alice).get(f"/courses/{course.pk}/").content.decode()
    assert not SOURCE_ID.search(visible(page))
    assert "<cite" in page
