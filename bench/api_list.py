"""The API's patient list and search, CPU and Python calls per request, in-process
(docs/performance.md, API reads): where a list answer's time goes, measured without a server.

Fills a fresh SQLite database (or BENCH_DATABASE_URL) as bench/api_reads.py does, then sends
each request through Django's test client with a bearer token: CPU time per request
(time.process_time, so a shared machine's load counts less), Python function calls per
request (cProfile, the same on any machine) and queries per request. API_LIST_DUMP=<dir>
writes each answer's body and the OpenAPI document there, to compare two versions byte for
byte; API_LIST_PROFILE=<name> prints that request's 30 costliest functions.

Run: .venv/bin/python bench/api_list.py [--patients 2000] [--requests 100]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import api_reads  # noqa: E402
import harness  # noqa: E402

PATHS = {
    "list_25": "/api/v1/patients?limit=25",
    "search_25": "/api/v1/patients?q=mar&limit=25",
    "list_200": "/api/v1/patients?limit=200",
    "read": "/api/v1/patients/{first}",
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=250 if harness.TINY else 2000)
    parser.add_argument("--requests", type=int, default=3 if harness.TINY else 100)
    args = parser.parse_args(argv)
    api_reads.setup_django(
        Path(tempfile.mkdtemp(prefix="mesodesk-api-list-")), os.environ.get("BENCH_DATABASE_URL", "")
    )
    data = api_reads.fill(args.patients)
    from django.test import Client

    from hot import measure  # after the settings are chosen: hot.py would default them

    client = Client(headers={"host": "127.0.0.1", "Authorization": f"Bearer {data['token']}"})
    first = sorted(data["pseudonyms"])[0]
    dump = os.environ.get("API_LIST_DUMP", "")
    run = harness.Run("api_list")
    for name, template in PATHS.items():
        path = template.format(first=first)
        if dump:
            Path(dump).mkdir(parents=True, exist_ok=True)
            Path(dump, f"{name}.json").write_bytes(client.get(path).content)
        sort = (
            os.environ.get("API_LIST_SORT", "cumulative")
            if os.environ.get("API_LIST_PROFILE") == name
            else ""
        )
        cpu_ms, queries, calls = measure(client, path, args.requests, sort)
        figures = {"cpu_ms": round(cpu_ms, 2), "calls": round(calls), "queries": queries}
        print(name, figures, flush=True)
        run.figures[name] = figures
    # What a row costs: the 200-row list against the 25-row one, 175 rows apart.
    per_row = (run.figures["list_200"]["calls"] - run.figures["list_25"]["calls"]) / 175
    run.figure("calls_per_row", round(per_row, 1), "Python calls per row listed")
    run.notes.append(f"{args.patients} patients, {args.requests} requests each, in-process, process CPU time")
    if dump:
        Path(dump, "openapi.json").write_bytes(client.get("/api/v1/openapi.json").content)
    run.write()


if __name__ == "__main__":
    main()
