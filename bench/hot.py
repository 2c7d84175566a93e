"""The load scenario's hot pages, CPU per request measured in-process (docs/performance.md, Pages).

The database is `make load`'s: the demo clinic topped up by bench/load/fill.py (HOT_PATIENTS,
100,000), in MESODESK_VAR_DIR. Each page is opened HOT_REQUESTS times (200) through Django's
test client (the whole middleware stack, the view, the template), signed in as the locust
persona that opens it; the figure is the process's CPU time per request (time.process_time,
not wall time: the machine is shared), and the queries one request runs.
HOT_PROFILE=<page> prints that page's cProfile instead (the 30 costliest functions).

Run: MESODESK_VAR_DIR=/tmp/var-x .venv/bin/python bench/hot.py
"""

from __future__ import annotations

import cProfile
import datetime
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesodesk.settings")

import harness  # noqa: E402

# BENCH_TINY (the tests): the demo and a few hundred patients, a handful of requests.
PATIENTS = int(os.environ.get("HOT_PATIENTS", "300" if harness.TINY else "100000"))
REQUESTS = int(os.environ.get("HOT_REQUESTS", "3" if harness.TINY else "200"))
PROFILE = os.environ.get("HOT_PROFILE", "")
ONLY = os.environ.get("HOT_ONLY", "")
CALLS_REQUESTS = 2 if harness.TINY else 20


def prepare() -> None:
    from bench.load.fill import fill
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from mesodesk.accounts.models import Clinic

    call_command("migrate", verbosity=0)
    with scopes_disabled():
        demo_there = Clinic.objects.filter(slug="bellecour").exists()
    if not demo_there:
        call_command("demo")
    fill(PATIENTS)
    call_command("optimize_database", verbosity=0)


def client_for(username: str) -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username=username)
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="127.0.0.1")
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:  # the administrator signs in with a code, as locust does
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def pages() -> list[tuple[str, str, str]]:
    """(page, persona, path): what the locustfile opens, with fixed ids."""
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from mesodesk.patients.models import Patient
    from mesodesk.scheduling.models import Appointment

    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    end = monday + datetime.timedelta(days=7)
    with scopes_disabled():
        patient = Patient.objects.filter(clinic__slug="bellecour").order_by("id").first()
        appointment = (
            Appointment.objects.filter(clinic__slug="bellecour", kind="mesotherapy")
            .order_by("-start")
            .first()
        )
    assert patient is not None
    found = [
        ("dashboard", "bellecour-clinician", "/"),
        ("calendar", "bellecour-assistant", "/calendar/"),
        (
            "calendar_events",
            "bellecour-assistant",
            f"/calendar/events/?start={monday}T00:00:00&end={end}T00:00:00",
        ),
        ("patient_search", "bellecour-clinician", "/patients/?q=mar"),
        ("patient", "bellecour-clinician", f"/patients/{patient.pseudonym}/"),
        ("api_search", "token", "/api/v1/patients?q=mar"),
        ("api_patient", "token", f"/api/v1/patients/{patient.pseudonym}"),
        ("audit", "bellecour-clinic-admin", "/administration/audit/"),
    ]
    if appointment is not None:
        found.append(("charting", "bellecour-clinician", f"/charting/appointments/{appointment.pk}/"))
    return found


def token_client() -> Any:
    from django.test import Client
    from django_scopes import scopes_disabled

    from mesodesk.accounts.models import Membership
    from mesodesk.accounts.services import api_token_create

    with scopes_disabled():
        member = Membership.objects.get(user__username="bellecour-clinician", clinic__slug="bellecour")
        _, key = api_token_create(user=member.user, clinic=member.clinic, name=f"hot-{os.getpid()}")
    return Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {key}")


def measure(
    client: Any, path: str, requests: int = REQUESTS, profile_sort: str = ""
) -> tuple[float, int, float]:
    """CPU ms per request, queries of one request, Python calls per request (bench/api_list.py
    measures its requests with it too); with `profile_sort`, prints the 30 costliest functions."""
    from django.db import connection

    for _ in range(3):  # warm: the session's idle clock, the template cache
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    captured: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    if os.environ.get("HOT_SQL") and path.startswith(os.environ["HOT_SQL"]):
        print("\n".join(q[:300] for q in captured))
    started = time.process_time()
    for _ in range(requests):
        client.get(path)
    cpu = (time.process_time() - started) * 1000 / requests
    # Python function calls per request: unlike time, the same on a loaded machine.
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(CALLS_REQUESTS):
        client.get(path)
    profile.disable()
    stats = pstats.Stats(profile)
    if profile_sort:
        stats.sort_stats(profile_sort).print_stats(30)
    calls = stats.total_calls / CALLS_REQUESTS  # type: ignore[attr-defined]
    return cpu, len(captured), calls


def main() -> None:
    import django

    django.setup()
    if not os.environ.get("HOT_READY"):  # set: the database is already filled
        prepare()
    clients: dict[str, Any] = {}
    run = harness.Run("hot")
    print(f"{'page':16s} {'CPU ms/request':>15s} {'queries':>8s} {'calls/request':>14s}")
    for page, persona, path in pages():
        if ONLY and page not in ONLY.split(","):
            continue
        if persona not in clients:
            clients[persona] = token_client() if persona == "token" else client_for(persona)
        client = clients[persona]
        if PROFILE == page:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(REQUESTS):
                client.get(path)
            profile.disable()
            stats = pstats.Stats(profile).sort_stats("cumulative")
            stats.print_stats(os.environ.get("HOT_PROFILE_FILTER", ""), 60)
            pstats.Stats(profile).sort_stats("tottime").print_stats(30)
            continue
        cpu, queries, calls = measure(client, path)
        print(f"{page:16s} {cpu:15.2f} {queries:8d} {calls:14,.0f}", flush=True)
        run.figures[page] = {"cpu_ms": round(cpu, 3), "queries": queries, "calls": round(calls)}
    run.notes.append(f"{PATIENTS} patients filled, {REQUESTS} requests a page, process CPU time")
    run.write()


if __name__ == "__main__":
    main()
