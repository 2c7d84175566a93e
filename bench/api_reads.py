"""API reads over real HTTP on loopback, as a ratio to the signed-in floor view
(`/bench/signed-in/`, bench/floor_app.py under bench/floor_settings.py, as bench/floors.py
measures it) in the same server and the same run; a bearer token against a session; persistent database
connections against one connection per request (MESODESK_DB_CONN_MAX_AGE 600 against 0).

Fills a fresh database (SQLite in a temporary directory, or BENCH_DATABASE_URL) with one
clinic of patients, serves it with gunicorn as `mesodesk serve` does (2 workers x 4 threads)
and drives it with keep-alive clients. Each scenario runs once per round, the rounds one
after the other, and the median of the rounds is quoted. Also counts the queries of each
request in-process, and checks that every patient read answered left its audit line.
Prints figures and ratios, writes bench/results/api_reads.json; asserts nothing.

Run: .venv/bin/python bench/api_reads.py [--patients 2000] [--seconds 3] [--rounds 3] [--port P]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(BENCH), str(ROOT / "src")]

import harness  # noqa: E402

# The target: API reads at least half as many a second as the floor view.
TARGET_RATIO = 0.5
FAMILY = ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
          "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Rossi", "Russo"]  # fmt: skip
GIVEN = ["Claire", "Sophie", "Lucas", "Amélie", "Julien", "Inès", "Hugo", "Léa", "Jonas", "Lena", "Paul", "Mia"]  # fmt: skip


def setup_django(var_dir: Path, database_url: str) -> None:
    os.environ["MESODESK_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "floor_settings"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def fill(patients: int) -> dict[str, Any]:
    """One clinic (and a neighbour) with patients, a clinician, their API token and a session."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from mesodesk.accounts.models import Clinic, Membership, Network, Role
    from mesodesk.accounts.services import api_token_create
    from mesodesk.patients.models import Patient

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(15)
    suffix = f"{rng.randrange(10**6)}-{time.time_ns()}"
    with scopes_disabled():
        network = Network.objects.create(name=f"Bench {suffix}")
        clinic = Clinic.objects.create(network=network, name="Bench clinic", slug=f"bench-{suffix}")
        other = Clinic.objects.create(network=network, name="Other clinic", slug=f"other-{suffix}")
        rows = [
            Patient(
                clinic=clinic if i % 10 else other,
                family_name=rng.choice(FAMILY),
                given_name=rng.choice(GIVEN),
                date_of_birth=datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randint(0, 30000)),
            )
            for i in range(patients)
        ]
        Patient.objects.bulk_create(rows, batch_size=2000)
        pseudonyms = list(Patient.objects.filter(clinic=clinic).values_list("pseudonym", flat=True))
    user = get_user_model().objects.create_user(f"bench-{suffix}", password="unused-bench-password")  # noqa: S106
    Membership.objects.create(user=user, clinic=clinic, role=Role.CLINICIAN)
    _, token = api_token_create(user=user, clinic=clinic, name="bench")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["last_seen"] = time.time() + 86400  # never idle during the run
    session.create()
    return {"clinic_id": clinic.pk, "pseudonyms": pseudonyms, "token": token, "session": session.session_key}


def scenarios(data: dict[str, Any]) -> dict[str, tuple[str, Any, dict[str, str]]]:
    """name -> (what it is, path for the n-th request, headers)."""
    from django.conf import settings

    token = {"Authorization": f"Bearer {data['token']}"}
    session = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={data['session']}"}
    pseudonyms = data["pseudonyms"]

    def read(n: int) -> str:
        return f"/api/v1/patients/{pseudonyms[n % len(pseudonyms)]}"

    def search(n: int) -> str:
        return f"/api/v1/patients?q={quote(FAMILY[n % len(FAMILY)][:3])}&limit=25"

    return {
        "floor_session": ("signed-in floor view (session)", lambda n: "/bench/signed-in/", session),
        # Only the API reads a token: through the same middleware, the view that asks no sign-in.
        "floor_token": ("floor view with a bearer token", lambda n: "/bench/bare/", token),
        "patient_read_token": ("GET /api/v1/patients/{id} (token)", read, token),
        "patient_read_session": ("GET /api/v1/patients/{id} (session)", read, session),
        "patient_search_token": ("GET /api/v1/patients?q=… (token)", search, token),
        "patient_list_token": ("GET /api/v1/patients (token)", lambda n: "/api/v1/patients?limit=25", token),
    }


def queries_per_request(cases: dict[str, tuple[str, Any, dict[str, str]]]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, (_, path, headers) in cases.items():
        client = Client(headers={"host": "127.0.0.1", **headers})
        client.get(path(0))  # the first request of a connection reads the session table's shape etc.
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(path(1))
        if answer.status_code != 200:
            raise RuntimeError(f"{name}: {path(1)} answered {answer.status_code}: {answer.content[:300]!r}")
        counts[name] = len(captured)
    connection.close()
    return counts


def read_audit_lines(clinic_id: int) -> int:
    from django.db import connection

    from mesodesk.accounts.models import AuditEvent

    reads = AuditEvent.objects.filter(clinic_id=clinic_id, action="read", object_type="patient")
    # The single-record reads: a listing's rows are audited too, each under "api_patient_list".
    count = reads.count() - reads.filter(detail__where="api_patient_list").count()
    connection.close()
    return count


def run(args: argparse.Namespace) -> dict[str, Any]:
    var_dir = Path(tempfile.mkdtemp(prefix="mesodesk-bench-api-"))
    database_url = os.environ.get("BENCH_DATABASE_URL", "")
    setup_django(var_dir, database_url)
    data = fill(args.patients)
    cases = scenarios(data)
    queries = queries_per_request(cases)
    port = args.port or harness.free_port()
    command = harness.gunicorn("mesodesk.wsgi:application", port, pythonpath=str(BENCH))
    env = {"MESODESK_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "floor_settings"}
    if database_url:
        env["DATABASE_URL"] = database_url

    def measure(address: str, names: list[str], rounds: int) -> dict[str, list[harness.Load]]:
        runs: dict[str, list[harness.Load]] = {name: [] for name in names}
        for _ in range(rounds):
            for name in names:
                _, path, headers = cases[name]
                runs[name].append(
                    harness.drive(
                        address,
                        lambda n, p=path, h=headers: ("GET", p(n), h, None),
                        concurrency=args.concurrency,
                        seconds=args.seconds,
                    )
                )
        return runs

    before = read_audit_lines(data["clinic_id"])
    with harness.server(command, port, {**env, "MESODESK_DB_CONN_MAX_AGE": "600"}) as address:
        kept = measure(address, list(cases), args.rounds)
    # Every read answered (warm-up requests included) must have written its line.
    answered_reads = sum(
        r.answered for name in ("patient_read_token", "patient_read_session") for r in kept[name]
    )
    audit_lines = read_audit_lines(data["clinic_id"]) - before
    with harness.server(command, port, {**env, "MESODESK_DB_CONN_MAX_AGE": "0"}) as address:
        fresh = measure(address, ["floor_session", "patient_read_token"], args.rounds)

    def summary(runs: list[harness.Load]) -> dict[str, float]:
        return {
            "per_second": statistics.median(r.per_second for r in runs),
            "p50_ms": statistics.median(r.p50_ms for r in runs),
            "p95_ms": statistics.median(r.p95_ms for r in runs),
            "failures": sum(r.failures for r in runs),
            "requests": sum(r.requests for r in runs),
        }

    figures = {name: {**summary(runs), "queries": queries[name]} for name, runs in kept.items()}
    no_reuse = {name: summary(runs) for name, runs in fresh.items()}
    floor = figures["floor_session"]["per_second"] or 1.0

    def ratio(a: float, b: float) -> float:
        return round(a / b, 3) if b else 0.0

    ratios = {
        "patient_read_token_to_floor": ratio(figures["patient_read_token"]["per_second"], floor),
        "patient_search_token_to_floor": ratio(figures["patient_search_token"]["per_second"], floor),
        "patient_list_token_to_floor": ratio(figures["patient_list_token"]["per_second"], floor),
        "patient_read_token_to_session": ratio(
            figures["patient_read_token"]["per_second"], figures["patient_read_session"]["per_second"]
        ),
        "floor_token_to_session": ratio(figures["floor_token"]["per_second"], floor),
        "patient_read_kept_to_fresh_connection": ratio(
            figures["patient_read_token"]["per_second"], no_reuse["patient_read_token"]["per_second"]
        ),
        "floor_kept_to_fresh_connection": ratio(floor, no_reuse["floor_session"]["per_second"]),
    }
    return {
        "benchmark": "api_reads",
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        },
        "database": "postgresql" if database_url.startswith("postgres") else "sqlite",
        "settings": {
            "patients": args.patients,
            "seconds": args.seconds,
            "rounds": args.rounds,
            "concurrency": args.concurrency,
            "server": "gunicorn, 2 workers x 4 threads",
        },
        "connection_kept_600s": figures,
        "connection_per_request": no_reuse,
        "ratios": ratios,
        "target_ratio_to_floor": TARGET_RATIO,
        "audit": {"reads_answered": answered_reads, "read_lines_written": audit_lines},
    }


def report(result: dict[str, Any]) -> None:
    print(f"API reads over loopback ({result['database']}, {result['settings']['server']}, "
          f"{result['settings']['concurrency']} clients, median of {result['settings']['rounds']} rounds)")  # fmt: skip
    print(f"{'':44s} {'req/s':>9s} {'p50 ms':>8s} {'p95 ms':>8s} {'queries':>8s}")
    for name, f in result["connection_kept_600s"].items():
        print(f"{name:44s} {f['per_second']:9.0f} {f['p50_ms']:8.1f} {f['p95_ms']:8.1f} {f['queries']:8d}")
    for name, f in result["connection_per_request"].items():
        label = f"{name} (MAX_AGE=0)"
        print(f"{label:44s} {f['per_second']:9.0f} {f['p50_ms']:8.1f} {f['p95_ms']:8.1f}")
    for name, value in result["ratios"].items():
        print(f"{name:44s} {value:9.2f}x")
    audit = result["audit"]
    print(
        f"patient reads answered {audit['reads_answered']}, read audit lines written {audit['read_lines_written']}"
    )


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "api_reads.json")
    args = parser.parse_args(argv)
    result = run(args)
    report(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return result


if __name__ == "__main__":
    main()
