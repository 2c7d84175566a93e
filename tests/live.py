"""A real mesodesk server for tests: gunicorn through `mesodesk serve`, on a demo site."""

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


@pytest.fixture(scope="session")
def live_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated demo site in a fresh var/ (SQLite) or the test database URL given."""
    var = tmp_path_factory.mktemp("var")
    env = {**os.environ, "MESODESK_VAR_DIR": str(var), "MESODESK_WEB_WORKERS": "1"}
    if "DATABASE_URL" in env:
        # A server of its own on PostgreSQL would share the developer's database; use SQLite.
        del env["DATABASE_URL"]
    for command in (
        ["manage", "migrate", "-v", "0"],
        ["demo"],
        ["manage", "collectstatic", "--no-input", "-v", "0"],
    ):
        subprocess.run([MESODESK, *command], env=env, check=True, capture_output=True, timeout=300)
    port = free_port()
    server = subprocess.Popen(
        [MESODESK, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # noqa: E501
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/sign-in/", server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
