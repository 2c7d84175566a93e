"""`make run`'s real server (gunicorn, through `mesodesk serve`) answers the sign-in page."""

from __future__ import annotations

import urllib.request


def test_the_real_server_answers_the_sign_in_page(live_server_url: str) -> None:
    with urllib.request.urlopen(f"{live_server_url}/sign-in/", timeout=10) as response:  # noqa: S310
        assert response.status == 200
        body = response.read().decode()
    assert "Sign in" in body and 'name="password"' in body
    assert response.headers["Server"].startswith("gunicorn")


def test_the_real_server_serves_static_files_without_a_cdn(live_server_url: str) -> None:
    with urllib.request.urlopen(f"{live_server_url}/static/mesodesk/htmx.min.js", timeout=10) as response:  # noqa: S310
        assert response.status == 200 and b"htmx" in response.read()
