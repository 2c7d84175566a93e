"""A real mesodesk server for tests: gunicorn through `mesodesk serve`, on a demo site.

It runs on its own database: a fresh SQLite file, or, when the suite runs on PostgreSQL,
a fresh PostgreSQL database beside the test one, dropped at the end."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

MESODESK = str(Path(sys.executable).parent / "mesodesk")


def live_db(url: str) -> str:
    """The live server's own database, named after the suite's, so that two PostgreSQL runs
    side by side (CI's and a developer's) do not drop each other's."""
    if "/" not in url:  # SQLite: the live server gets a fresh file in its own var folder
        return ""
    return url.rsplit("/", 1)[1].split("?")[0] + "_live"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own loopback server
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {seconds} s")


def _postgres(url: str, sql: str) -> None:
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql)


@pytest.fixture(scope="session")
def live_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "MESODESK_VAR_DIR": str(var),
        "MESODESK_WEB_WORKERS": "2",
        "MESODESK_WEB_THREADS": "8",
    }
    url = os.environ.get("DATABASE_URL", "")
    on_postgres = url.startswith(("postgres://", "postgresql://"))
    name = live_db(url)
    if on_postgres:
        _postgres(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _postgres(url, f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{name}"
    else:
        env.pop("DATABASE_URL", None)
    for command in (
        ["manage", "migrate", "-v", "0"],
        ["demo"],
        ["manage", "collectstatic", "--no-input", "-v", "0"],
    ):
        # The demo renders a consent PDF for each patient booked these two weeks (a second or so
        # each): on a machine shared by many, it can take several minutes.
        subprocess.run([MESODESK, *command], env=env, check=True, capture_output=True, timeout=900)
    yield env
    if on_postgres:
        _postgres(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def live_server_url(live_env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        [MESODESK, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=live_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/sign-in/", server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
