"""The knowledge pages in French and German: names, texts and page chrome in the reader's
language, and no code where a person reads (codes stay only in attributes)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from mesodesk.knowledge.loader import load_knowledge
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

# Codes that are also ordinary words of the page's language, so they may appear in its text.
WORDS = {"fr": {"nappage", "papule", "psoriasis"}, "de": {"psoriasis"}}


class _Text(HTMLParser):
    """The text a person reads: no tags, no attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def _page(client: Client, page: str, language: str) -> str:
    response = client.get(f"/knowledge/{page}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def _codes_shown(text: str, codes: list[str], language: str) -> list[str]:
    return [
        code
        for code in codes
        if code not in WORDS.get(language, set())
        and re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)
    ]


@pytest.mark.parametrize(
    ("language", "names", "english"),
    [
        (
            "fr",
            ["Point par point (PPP)", "Nappage (piqûres multiples)", "Papule intrabasale"],
            "Point by point",
        ),
        ("de", ["Punkt-für-Punkt-Technik (PPP)", "Intrabasale Quaddel", "Mesoperfusion"], "Point by point"),
    ],
)
def test_the_techniques_page_speaks_the_readers_language(
    client: Client, alice: object, language: str, names: list[str], english: str
) -> None:
    signed_in(client, alice)
    text = visible_text(_page(client, "techniques", language))
    for name in names:
        assert name in text
    assert english not in text and "Volume per point" not in text and "deeper hypodermis" not in text
    codes = [t.code for t in load_knowledge().techniques] + [m.code for m in load_knowledge().materials]
    assert _codes_shown(text, codes, language) == []


@pytest.mark.parametrize(
    ("language", "names", "english"),
    [
        ("fr", ["Grossesse", "Tendance à l’herpès", "contre-indication absolue", "absolue"], "Pregnancy"),
        ("de", ["Schwangerschaft", "Herpesneigung", "absolute Kontraindikation", "absolut"], "Pregnancy"),
    ],
)
def test_the_contraindications_page_speaks_the_readers_language(
    client: Client, alice: object, language: str, names: list[str], english: str
) -> None:
    signed_in(client, alice)
    text = visible_text(_page(client, "contraindications", language))
    for name in names:
        assert name in text
    assert english not in text and "Severity" not in text and "relative contraindication" not in text
    codes = [c.code for c in load_knowledge().contraindications]
    assert _codes_shown(text, codes, language) == []


def test_the_language_cookie_chooses_the_language_too(client: Client, alice: object) -> None:
    signed_in(client, alice)
    client.cookies["django_language"] = "de"
    text = visible_text(client.get("/knowledge/contraindications/").content.decode())
    assert "Schwangerschaft" in text and "Pregnancy" not in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Ce qu’est la mésothérapie", "Là où les sources divergent", "mesodesk suit :", "non fiable"]),
        (
            "de",
            ["Was Mesotherapie ist", "Wo sich die Quellen widersprechen", "mesodesk folgt:", "unzuverlässig"],
        ),
    ],
)
def test_the_sources_page_translates_conflicts_but_keeps_citations(
    client: Client, alice: object, language: str, expected: list[str]
) -> None:
    signed_in(client, alice)
    html = _page(client, "sources", language)
    text = visible_text(html)
    for words in expected:
        assert words in text
    kb = load_knowledge()
    for source in kb.sources:  # titles and ids are citations: as the articles give them
        assert f'id="src-{source.id}"' in html and source.id in text
    assert "What mesotherapy is" not in text


@pytest.mark.parametrize("language", ["fr", "de"])
@pytest.mark.parametrize("page", ["", "protocols", "indications", "substances", "care", "practice"])
def test_the_other_pages_show_no_english_names(
    client: Client, alice: object, language: str, page: str
) -> None:
    signed_in(client, alice)
    url = f"/knowledge/{page}/" if page else "/knowledge/"
    text = visible_text(client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode())
    kb = load_knowledge()
    english = [
        "Skin regeneration, 8 sessions",  # a protocol
        "Hair loss (alopecia)",  # an indication
        "Hyaluronic acid, not cross-linked",  # an ingredient
        "Bruising at the injection sites",  # a side effect
        "Price per session",  # a cost
        "Ingredients and formulations",  # a page title
    ]
    for words in english:
        assert words not in text
    codes = [p.code for p in kb.protocols] + [i.code for i in kb.indications if "_" in i.code]
    assert _codes_shown(text, codes, language) == []
