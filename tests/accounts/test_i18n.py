"""The sign-in page and the dashboard speak French and German, chosen by the browser or the switch."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import translation

from tests.conftest import signed_in


class _Text(HTMLParser):
    """What a person sees: text nodes, and labels' text, but no attribute or script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.labels: dict[str, str] = {}
        self._label_for: str | None = None
        self._skip = 0
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        if tag == "label":
            self._label_for = dict(attrs).get("for")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "label":
            self._label_for = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.parts.append(data)
        if self._label_for:
            self.labels[self._label_for] = self.labels.get(self._label_for, "") + data.strip()


def page(content: bytes) -> _Text:
    parser = _Text()
    parser.feed(content.decode())
    return parser


def visible_text(content: bytes) -> str:
    return " ".join(" ".join(page(content).parts).split())


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    # LocaleMiddleware leaves the request's language active in this thread; later tests expect English.
    yield
    translation.activate("en")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "user_name", "password", "button", "idle"),
    [
        ("fr", "Nom d'utilisateur", "Mot de passe", "Se connecter", "Vous avez été déconnecté après"),
        (
            "de",
            "Benutzername",
            "Passwort",
            "Anmelden",
            "Sie wurden nach einer Zeit ohne Aktivität abgemeldet.",
        ),
    ],
)
def test_the_sign_in_page_speaks_the_browsers_language(
    client: Client, language: str, user_name: str, password: str, button: str, idle: str
) -> None:
    response = client.get("/sign-in/?idle=1", HTTP_ACCEPT_LANGUAGE=language)
    parsed = page(response.content)
    assert parsed.lang == language
    assert (parsed.labels["id_username"], parsed.labels["id_password"]) == (user_name, password)
    text = visible_text(response.content)
    assert button in text and idle in text
    assert "User name" not in text and "Password" not in text and "Sign in" not in text


@pytest.mark.django_db
def test_choosing_deutsch_in_the_language_switch_makes_the_next_page_german(
    client: Client, alice: object
) -> None:
    signed_in(client, alice)
    assert page(client.get("/").content).lang == "en"
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    response = client.get(response["Location"])
    parsed = page(response.content)
    assert parsed.lang == "de"
    text = visible_text(response.content)
    assert "Übersicht" in text and "Dashboard" not in text
    assert "Angemeldet als alice (Behandler) in Clinique A" in text
    assert "Patienten" in text and "Kalender" in text  # the sections, from roles.py
    assert "Abmelden" in text  # base.html's own catalogue


@pytest.mark.django_db
def test_the_sign_out_message_is_in_the_chosen_language(client: Client, alice: object) -> None:
    signed_in(client, alice)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    response = client.post("/sign-out/", follow=True)
    assert "Vous êtes déconnecté." in visible_text(response.content)


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_the_language_switch_names_each_language_in_its_own_words(client: Client, language: str) -> None:
    html = client.get("/sign-in/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for own_name in ("English", "Français", "Deutsch"):
        assert f">{own_name}</option>" in html
