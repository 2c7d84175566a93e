"""No knowledge page shows a person a code (snake_case) in place of words, in any language."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from mesodesk.reference.views import PAGES
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")


class _Visible(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.mark.parametrize("language", ["en", "fr", "de"])
@pytest.mark.parametrize("page", ["", *(code for code, _ in PAGES)])
def test_a_knowledge_page_shows_words_not_codes(client: Client, alice: Any, page: str, language: str) -> None:
    signed_in(client, alice)
    path = f"/knowledge/{page}/" if page else "/knowledge/"
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert SNAKE.findall(visible_text(response.content.decode())) == []
