"""Database connections outlive a request (MESODESK_DB_CONN_MAX_AGE), checked before reuse."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from mesodesk.settings import conn_max_age


def test_a_connection_is_kept_ten_minutes_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MESODESK_DB_CONN_MAX_AGE", raising=False)
    assert conn_max_age() == 600


def test_zero_closes_the_connection_after_every_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MESODESK_DB_CONN_MAX_AGE", "0")
    assert conn_max_age() == 0


@pytest.mark.parametrize("value", ["ten", "-1"])
def test_a_value_that_is_not_seconds_stops_start_up(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("MESODESK_DB_CONN_MAX_AGE", value)
    with pytest.raises(ImproperlyConfigured, match="MESODESK_DB_CONN_MAX_AGE"):
        conn_max_age()


def test_a_kept_connection_is_checked_before_a_request_uses_it() -> None:
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write-ahead log")
def test_sqlite_writes_ahead_and_checkpoints_every_ten_thousand_pages() -> None:
    with connection.cursor() as cursor:
        modes = [
            cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in ("journal_mode", "wal_autocheckpoint")
        ]
    assert modes == ["wal", 10000]
