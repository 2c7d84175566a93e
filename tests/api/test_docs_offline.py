"""The API docs page works without internet: every script and style comes from /static/."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_docs_page_references_only_local_static_files(client: Client) -> None:
    answer = client.get("/api/v1/docs")
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "cdn" not in page.lower() and "https://" not in page and "http://" not in page
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    assets = [u for u in urls if u.endswith((".js", ".css"))]
    assert assets and all(u.startswith("/static/") for u in assets), assets
    for url in assets:
        assert finders.find(url.removeprefix("/static/")), url  # served by the static files


def test_the_openapi_document_the_page_loads_is_there(client: Client, db: Any) -> None:
    assert client.get("/api/v1/openapi.json").status_code == 200
