"""The pages a practitioner opens all day, over real HTTP on loopback, at two sizes of data.

Each size is a generated clinic (`mesodesk demo generate`, a seed of its own) plus one patient
whose course has many sessions (`demo.long_course`): small = 10,000 patients and a course of 60
sessions, large = 100,000 patients and a course of 1,000. The server is `mesodesk serve` on
BENCH_PORT (8103), as `make run` starts it; the client is bench/harness.py's (4 keep-alive
connections, a signed-in clinician's session cookie). For each page: p50 and p95 in ms, requests
a second, and the queries one request runs — counted on the side, in this process, with Django's
test client and CaptureQueriesContext on the same database (no bench-only code in the server).
Targets: p95 < 50 ms, and the same queries at both sizes.
Run: .venv/bin/python bench/pages.py   (BENCH_TINY=1: a few hundred patients, for the tests)
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

# size name, patients, sessions of the long course, seed
SIZES = (("small", 300, 10, 301), ("large", 600, 40, 302)) if harness.TINY else (
    ("small", 10_000, 60, 101), ("large", 100_000, 1_000, 102))  # fmt: skip
REQUESTS = 12 if harness.TINY else 200
TARGET_P95_MS = 50.0


def pages(long: Any) -> dict[str, str]:
    return {
        "patient": f"/patients/{long.pseudonym}/",
        "course": f"/courses/{long.course_id}/",
        "calendar_week": "/calendar/",
        "dashboard": "/",
        "patient_search": "/patients/?q=mar",
    }


def queries(user: Any, path: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.get(path)  # the first request of a session also writes its idle clock
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


def build(patients: int, sessions: int, seed: int) -> tuple[Any, Any, dict[str, Any]]:
    from django_scopes import scopes_disabled

    from mesodesk.accounts.models import Clinic, Membership
    from mesodesk.demo.generate import generate
    from mesodesk.demo.long_course import long_course_add

    made = generate(size="s", seed=seed, patients=patients, treated=0.02, progress=False)
    with scopes_disabled():
        clinic = Clinic.objects.get(slug=f"gen{seed}-1")
        long = long_course_add(clinic=clinic, sessions=sessions, seed=seed)
        member = Membership.objects.filter(clinic=clinic, role="clinician").order_by("user__username").first()
    assert member is not None
    return member.user, long, made


def main() -> None:
    harness.django_ready()
    from django.db import connection

    run = harness.Run("pages")
    run.figures["vendor"] = connection.vendor
    built = {}
    for name, patients, sessions, seed in SIZES:
        started = datetime.datetime.now(datetime.UTC)
        user, long, made = build(patients, sessions, seed)
        took = (datetime.datetime.now(datetime.UTC) - started).total_seconds()
        built[name] = (user, long)
        run.figures[f"{name}_data"] = {"patients": patients, "long_course_sessions": sessions,
                                       "rows": made["rows"], "generated_in_s": round(took, 1)}  # fmt: skip
        print(f"{name}: {patients:,} patients, a course of {sessions:,} sessions, generated in {took:.1f} s")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    port = harness.free_port()
    with harness.server(harness.mesodesk_serve(port), port) as address:
        for name, (user, long) in built.items():
            cookie = harness.session_cookie(user)
            for page, path in pages(long).items():
                measured: dict[str, Any] = harness.load(address, path, requests=REQUESTS, cookie=cookie)
                measured["queries"] = queries(user, path)
                run.figures[f"{name}_{page}"] = measured
                verdict = "ok" if measured["p95_ms"] < TARGET_P95_MS else "over target"
                print(f"{name:6s} {page:15s} p50 {measured['p50_ms']:8.2f} ms  p95 {measured['p95_ms']:8.2f} ms"
                      f"  {measured['per_second']:7.1f}/s  {measured['queries']:3d} queries  ({verdict})",
                      flush=True)  # fmt: skip
    for page in pages(built["small"][1]):
        small, large = run.figures[f"small_{page}"], run.figures[f"large_{page}"]
        run.ratio(
            f"{page}_p50_large_to_small", large["p50_ms"] / small["p50_ms"], f"{page}: p50 large / small"
        )
        run.figures[f"{page}_queries_grow"] = large["queries"] != small["queries"]
    run.notes.append(
        f"target p95 < {TARGET_P95_MS} ms; queries counted with Django's test client on the side"
    )
    run.write()


if __name__ == "__main__":
    main()
