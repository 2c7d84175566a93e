"""A day at the demo's Bellecour clinic, for locust: what each role does, in realistic mixes.

- clinician (most users): the dashboard, a patient search, a patient's page, today's session
  record (the charting page);
- assistant: the calendar week, its events, a booking through the API then its cancellation;
- clinic administrator (one): the audit page, signed in with the demo's authenticator secret;
- a script with an API token: patient reads, the day's appointments.

Run by `make load` (bench/load/run.sh) against a `make run`-like server, or by
tests/security/test_load_scenario.py for a few seconds. Every request is named by its route,
not its ids, so the figures group per page. An answer the API documents for a refusal
(409: the slot is taken or a gate blocks) counts as a success: the clinic's rules said no.

Environment: MESODESK_LOAD_TOKEN (an API token of bellecour-clinician, from
`mesodesk manage api_token create`), MESODESK_LOAD_ONE_EACH=1 (exactly one user per role)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import os
import random
import struct
import time
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from locust import HttpUser, between, task

# The demo's printed password and authenticator secret (mesodesk.demo.clinics; Django-free here).
PASSWORD = os.environ.get("MESODESK_DEMO_PASSWORD", "mesodesk-demo-2026")
TOTP_KEY = os.environ.get("MESODESK_DEMO_TOTP_KEY", b"mesodesk-demo-totp-1".hex())
TOKEN = os.environ.get("MESODESK_LOAD_TOKEN", "")
ONE_EACH = os.environ.get("MESODESK_LOAD_ONE_EACH") == "1"
PARIS = ZoneInfo("Europe/Paris")
# KEEP_ALIVE: one connection per request. gunicorn closes an idle kept-alive connection after
# 2 s; a client that sends on it at that moment gets a reset, which a browser retries
# silently and locust counts as a failure. People wait 1 to 3 s here, so it happened.
SEARCHES = ["mar", "ber", "dub", "mor", "lau", "sch", "mül", "smi", "roux", "pet"]


def totp(key_hex: str, steps_ahead: int = 0) -> str:
    """RFC 6238's six digits for a hex secret (django-otp's defaults: SHA-1, 30 s)."""
    counter = int(time.time()) // 30 + steps_ahead
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def today() -> datetime.date:
    """The demo clinic's day (Europe/Paris), not the load machine's."""
    return datetime.datetime.now(PARIS).date()


def listed(response: Any) -> list[dict[str, Any]]:
    """A JSON list answer's items; none when the request failed (locust has counted it)."""
    return list(response.json()) if response.ok else []


def every_task_once(user: HttpUser) -> None:
    """With MESODESK_LOAD_ONE_EACH, each task once in order first, so that a run of seconds
    (tests/security/test_load_scenario.py) reaches every route whatever the dice say."""
    if ONE_EACH:
        for run in dict.fromkeys(user.tasks):
            run(user)  # type: ignore[call-arg,operator]


class Member(HttpUser):
    """A person signed in through the sign-in page (session cookie and CSRF token)."""

    abstract = True
    username = ""
    wait_time = between(1, 3)
    patients: ClassVar[list[str]] = []
    reads_patients = True  # an administrator's role opens no patient record (403)

    def on_start(self) -> None:
        self.client.headers["Connection"] = "close"  # see KEEP_ALIVE
        self.client.get("/sign-in/", name="/sign-in/")
        answer = self.client.post(
            "/sign-in/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf},
            name="/sign-in/ (post)",
        )
        # A code is accepted once: another user (or test) may have spent this one; a wrong
        # code answers 422 and asks again, which is what the next period's code is for.
        for steps_ahead in (0, 1, 2):
            if "/sign-in/code/" not in answer.url:
                break
            with self.client.post(
                "/sign-in/code/",
                {"code": totp(TOTP_KEY, steps_ahead), "csrfmiddlewaretoken": self.csrf},
                name="/sign-in/code/ (post)",
                catch_response=True,
            ) as answer:
                answer.success()
        if self.reads_patients and not Member.patients:
            found = self.client.get("/api/v1/patients?limit=200", name="/api/v1/patients")
            Member.patients = [p["id"] for p in listed(found)]
        every_task_once(self)

    @property
    def csrf(self) -> str:
        return str(self.client.cookies.get("csrftoken", ""))

    def api(self, method: str, path: str, name: str, body: dict[str, Any] | None = None) -> Any:
        headers = {"X-CSRFToken": self.csrf, "Referer": self.host + "/"}
        with self.client.request(
            method, path, json=body, headers=headers, name=name, catch_response=True
        ) as r:
            if r.status_code in (200, 201, 409):
                r.success()
            return r


class Clinician(Member):
    weight = 5
    username = "bellecour-clinician"
    fixed_count = 1 if ONE_EACH else 0

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/", name="/ (dashboard)")

    @task(3)
    def search(self) -> None:
        self.client.get(f"/patients/?q={random.choice(SEARCHES)}", name="/patients/?q=")  # noqa: S311

    @task(4)
    def patient_page(self) -> None:
        if not self.patients:
            return
        self.client.get(f"/patients/{random.choice(self.patients)}/", name="/patients/[id]/")  # noqa: S311

    @task(2)
    def session_record(self) -> None:
        day = listed(
            self.client.get(f"/api/v1/appointments?start={today()}&days=1", name="/api/v1/appointments")
        )
        mine = [a["id"] for a in day if a["clinician"] == self.username and a["kind"] == "mesotherapy"]
        if mine:
            self.client.get(
                f"/charting/appointments/{random.choice(mine)}/", name="/charting/appointments/[id]/"
            )  # noqa: S311


class Assistant(Member):
    weight = 3
    username = "bellecour-assistant"
    fixed_count = 1 if ONE_EACH else 0

    @task(3)
    def calendar(self) -> None:
        self.client.get("/calendar/", name="/calendar/")
        monday = today() - datetime.timedelta(days=today().weekday())
        end = monday + datetime.timedelta(days=7)
        self.client.get(
            f"/calendar/events/?start={monday}T00:00:00&end={end}T00:00:00", name="/calendar/events/"
        )

    @task(1)
    def book_and_cancel(self) -> None:
        if not self.patients:
            return
        day = today() + datetime.timedelta(days=random.randint(60, 700))  # noqa: S311
        at = datetime.time(random.randint(9, 16), random.choice([0, 30]))  # noqa: S311
        start = datetime.datetime.combine(day, at, PARIS).isoformat()
        body = {"patient": random.choice(self.patients), "start": start, "kind": "iontophoresis",  # noqa: S311
                "clinician": "bellecour-clinician"}  # fmt: skip
        booked = self.api("POST", "/api/v1/appointments", "/api/v1/appointments (book)", body)
        if booked.status_code == 201 and booked.ok:
            self.api(
                "POST",
                f"/api/v1/appointments/{booked.json()['id']}/cancel",
                "/api/v1/appointments/[id]/cancel",
            )


class Administrator(Member):
    weight = 1
    fixed_count = 1
    username = "bellecour-clinic-admin"
    reads_patients = False

    @task
    def audit(self) -> None:
        self.client.get("/administration/audit/", name="/administration/audit/")


class ApiScript(HttpUser):
    weight = 2
    fixed_count = 1 if ONE_EACH else 0
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {TOKEN}"
        self.client.headers["Connection"] = "close"  # see KEEP_ALIVE
        self.ids = [
            p["id"] for p in listed(self.client.get("/api/v1/patients?limit=200", name="/api/v1/patients"))
        ]
        every_task_once(self)

    @task(2)
    def patients(self) -> None:
        self.client.get(f"/api/v1/patients?q={random.choice(SEARCHES)}", name="/api/v1/patients?q=")  # noqa: S311

    @task(2)
    def patient(self) -> None:
        if not self.ids:
            return
        self.client.get(f"/api/v1/patients/{random.choice(self.ids)}", name="/api/v1/patients/[id]")  # noqa: S311

    @task(1)
    def appointments(self) -> None:
        self.client.get(f"/api/v1/appointments?start={today()}&days=7", name="/api/v1/appointments")
