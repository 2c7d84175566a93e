from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

PAGES = [
    "",
    "techniques/",
    "protocols/",
    "indications/",
    "contraindications/",
    "substances/",
    "care/",
    "practice/",
    "sources/",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_knowledge_page_opens_for_a_clinician(client: Client, alice: object, page: str) -> None:
    signed_in(client, alice)
    assert client.get(f"/knowledge/{page}").status_code == 200


def test_the_techniques_page_draws_the_skin_layers_with_every_technique(
    client: Client, alice: object
) -> None:
    signed_in(client, alice)
    html = client.get("/knowledge/techniques/").content.decode()
    assert "<svg" in html and "IHD · 4–10 mm" in html
    # Each column is headed by the technique's name; its code stays only as an attribute.
    for code, first_word in (
        ("epidermal", "Epidermal"),
        ("papule", "Intra-basal"),
        ("nappage", "Nappage"),
        ("point_by_point", "Point"),
        ("mesoperfusion", "Mesoperfusion"),
        ("mps", "Systematised"),
    ):
        assert f'data-code="{code}"' in html and f">{first_word}" in html


def test_the_protocols_page_draws_a_timeline_per_protocol(client: Client, alice: object) -> None:
    signed_in(client, alice)
    html = client.get("/knowledge/protocols/").content.decode()
    assert (
        html.count("<svg") == 5
        and "mesodesk&#x27;s scheduling convention" in html
        or "scheduling convention" in html
    )


def test_the_sources_page_shows_ratings_and_every_conflict(client: Client, alice: object) -> None:
    signed_in(client, alice)
    html = client.get("/knowledge/sources/").content.decode()
    assert (
        "unreliable" in html and "What mesotherapy is" in html and html.count('class="card conflict"') >= 10
    )


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get("/knowledge/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
