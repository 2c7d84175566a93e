"""100 parallel attempts at one slot, against the real server and its real database
(SQLite, or PostgreSQL when the suite runs there): exactly one wins."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.live import MESODESK

ATTEMPTS = 100


def call(url: str, token: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST" if body is not None else "GET")  # noqa: S310
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - our own loopback server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_exactly_one_of_100_parallel_bookings_of_one_slot_succeeds(
    live_server_url: str, live_env: dict[str, str]
) -> None:
    token = subprocess.run(
        [MESODESK, "manage", "api_token", "create", "bellecour-clinician", "bellecour", "--name", "race"],
        env=live_env, check=True, capture_output=True, text=True, timeout=120,
    ).stdout.strip()  # fmt: skip
    status, patients = call(f"{live_server_url}/api/v1/patients", token)
    assert status == 200 and patients
    body = {
        "patient": patients[0]["id"],
        "start": "2031-05-06T10:00:00+02:00",
        "minutes": 30,
        "kind": "mesotherapy",
    }

    with ThreadPoolExecutor(max_workers=25) as pool:
        results = list(
            pool.map(lambda _: call(f"{live_server_url}/api/v1/appointments", token, body), range(ATTEMPTS))
        )

    statuses = Counter(status for status, _ in results)
    assert statuses == {201: 1, 409: ATTEMPTS - 1}, statuses
    assert {payload["detail"] for status, payload in results if status == 409} == {"slot taken"}
