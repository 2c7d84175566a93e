"""The large clinic's dashboard, in-process (docs/performance.md, *The dashboard toward p95 < 50 ms*).

The clinic is bench/pages.py's large one (100,000 patients, seed 102: 33 clinicians), generated
in MESODESK_VAR_DIR unless it is there already (a minute or more); its first clinician's
dashboard is opened through Django's test client as bench/hot.py measures a page: CPU ms per
request (process time: the machine is shared), the queries of one request, the Python calls
per request (the same on a loaded machine), and the HTML's bytes. DASH_PROFILE=cumulative (or
tottime) prints its cProfile instead. To compare with older code, run it again with that
code's `src` first on PYTHONPATH, on the same database.

Run: MESODESK_VAR_DIR=/tmp/var-x .venv/bin/python bench/dashboard.py   (BENCH_TINY=1: 600 patients)
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import harness  # noqa: E402

PATIENTS, SESSIONS, SEED = (600, 40, 302) if harness.TINY else (100_000, 1_000, 102)
REQUESTS = 3 if harness.TINY else int(os.environ.get("DASH_REQUESTS", "20"))
RUNS = 1 if harness.TINY else 2


def main() -> None:
    harness.django_ready()
    from bench.hot import client_for, measure
    from bench.pages import build
    from django.contrib.auth import get_user_model
    from django.db import connection

    user = get_user_model().objects.filter(username=f"gen{SEED}-1-clinician-1").first()
    if user is None:
        user, _, _ = build(PATIENTS, SESSIONS, SEED)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    client = client_for(user.get_username())
    html = client.get("/").content
    if os.environ.get("DASH_PROFILE"):
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(10):
            client.get("/")
        profile.disable()
        pstats.Stats(profile).sort_stats(os.environ["DASH_PROFILE"]).print_stats(60)
        return
    run = harness.Run("dashboard")
    run.figures["vendor"] = connection.vendor
    run.figures["patients"] = PATIENTS
    for n in range(RUNS):
        cpu, queries, calls = measure(client, "/", REQUESTS)
        run.figure(f"cpu_ms_{n}", round(cpu, 1), f"CPU per request, run {n + 1}", "ms")
        run.figure(f"calls_{n}", round(calls), f"Python calls per request, run {n + 1}")
    run.figure("queries", queries, "queries of one request")
    run.figure("html_bytes", len(html), "HTML", "bytes")
    run.notes.append("CPU is process time in-process; compare calls across runs on a shared machine")
    run.write()


if __name__ == "__main__":
    main()
