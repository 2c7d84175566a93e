"""Parallel attempts against the real server and its real database (SQLite, or PostgreSQL
when the suite runs there): 100 at one slot, 20 at one course session; exactly one wins."""

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
SESSION_ATTEMPTS = 20


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


def _token(live_env: dict[str, str], name: str) -> str:
    return subprocess.run(
        [MESODESK, "manage", "api_token", "create", "bellecour-clinician", "bellecour", "--name", name],
        env=live_env, check=True, capture_output=True, text=True, timeout=120,
    ).stdout.strip()  # fmt: skip


# Set up through the services: the API's history and course answers read related rows after the
# route has left the clinic's scope, a 500 on the real server (a bug of api_member's, reported).
READY = """
import datetime, json
from django.contrib.auth import get_user_model
from django_scopes import scopes_disabled
from mesodesk.courses.services import course_create
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.models import Patient
with scopes_disabled():
    patient = Patient.objects.get(pseudonym=%r)
    clinician = get_user_model().objects.get(username="bellecour-clinician")
    history_update(patient=patient, answers=HistoryAnswers(), actor=clinician)
    course = course_create(
        patient=patient, indication="cellulite", protocol_code="cellulite_10", formulation="",
        clinician=clinician, start=datetime.date.today() + datetime.timedelta(days=40), actor=clinician,
    )
    first = course.sessions.get(number=1)
    print(json.dumps({"id": first.pk, "due": first.due.isoformat()}))
"""


def _patient_with_a_course(
    url: str, token: str, env: dict[str, str], family: str
) -> tuple[str, dict[str, Any]]:
    """A new patient, their history taken, a course started: a mesotherapy session may be booked.
    Returns the patient's id and the course's first session."""
    status, patient = call(
        f"{url}/api/v1/patients",
        token,
        {"family_name": family, "given_name": "Race", "date_of_birth": "1980-03-04", "sex": "female"},
    )
    assert status == 201, patient
    ready = subprocess.run(
        [MESODESK, "manage", "shell", "-c", READY % patient["id"]],
        env=env, check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return patient["id"], json.loads(ready.stdout.strip().splitlines()[-1])


def test_exactly_one_of_100_parallel_bookings_of_one_slot_succeeds(
    live_server_url: str, live_env: dict[str, str]
) -> None:
    token = _token(live_env, "race")
    patient, _ = _patient_with_a_course(live_server_url, token, live_env, "Slot")
    body = {
        "patient": patient,
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


def test_exactly_one_of_20_parallel_bookings_of_one_course_session_succeeds(
    live_server_url: str, live_env: dict[str, str]
) -> None:
    """Each attempt at another hour of the session's day, so no slot collides: only the session does."""
    token = _token(live_env, "session-race")
    patient, session = _patient_with_a_course(live_server_url, token, live_env, "Session")
    bodies = [
        {
            "patient": patient,
            "start": f"{session['due']}T{8 + i // 2:02d}:{30 * (i % 2):02d}:00+01:00",
            "minutes": 30,
            "kind": "mesotherapy",
            "session": session["id"],
        }
        for i in range(SESSION_ATTEMPTS)
    ]

    with ThreadPoolExecutor(max_workers=SESSION_ATTEMPTS) as pool:
        results = list(pool.map(lambda b: call(f"{live_server_url}/api/v1/appointments", token, b), bodies))

    statuses = Counter(status for status, _ in results)
    assert statuses == {201: 1, 409: SESSION_ATTEMPTS - 1}, (statuses, results)
    assert {payload["detail"] for status, payload in results if status == 409} == {"session already booked"}
