"""403, 404 and 500 answer with the project's styled, translated pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_a_role_without_access_gets_the_styled_403(client: Client, carol: Any) -> None:
    answer = signed_in(client, carol).get("/patients/")
    page = answer.content.decode()
    assert answer.status_code == 403
    assert "mesodesk.css" in page and "Your role cannot open this page" in page


def test_a_missing_page_gets_the_styled_404_in_the_persons_language(client: Client, alice: Any) -> None:
    signed_in(client, alice)
    client.cookies["django_language"] = "fr"
    answer = client.get("/patients/P-NOSUCH/")
    page = answer.content.decode()
    assert answer.status_code == 404
    assert "mesodesk.css" in page and "Cette page n’existe pas" in page and 'lang="fr"' in page


def test_the_500_page_needs_no_request_context() -> None:
    request = RequestFactory().get("/")
    with translation.override("de"):
        answer = server_error(request)
    page = answer.content.decode()
    assert answer.status_code == 500
    assert "mesodesk.css" in page and "Bei uns ist etwas schiefgegangen" in page


def test_the_header_names_the_person_by_their_full_name(client: Client, alice: Any) -> None:
    alice.first_name, alice.last_name = "Alice", "Durand"
    alice.save()
    page = signed_in(client, alice).get("/patients/").content.decode()
    assert '<span class="user">Alice Durand</span>' in page
