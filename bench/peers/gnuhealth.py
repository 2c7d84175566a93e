"""GNU Health 5 and mesodesk side by side: the same three operations through each one's HTTP API,
in one run, on this machine, one client thread each (as a front desk works).

  1. create a patient (one call per patient on both sides);
  2. search patients by family name over every patient created (up to 50 rows back);
  3. open a patient with their history (GNU Health: read the party with all its fields;
     mesodesk: the patient, then their medical history: two calls, counted as one operation).

Both servers run on loopback as their projects serve them: GNU Health's `trytond` (one threaded
process, on its own PostgreSQL cluster, set up by gnuhealth-setup.sh) and mesodesk's `mesodesk
serve` (gunicorn, MESODESK_WEB_WORKERS x MESODESK_WEB_THREADS) on PostgreSQL at 127.0.0.1:5432 in a
database of its own (or SQLite with --sqlite). Prints throughput, p50 and p95 per operation and the
ratio mesodesk / GNU Health, and writes bench/results/peer_gnuhealth.json. Asserts nothing.

Run: .venv/bin/python bench/peers/gnuhealth.py [--patients 2000] [--repeat 200]
     --mesodesk-only measures mesodesk's half alone (how the test keeps this script from rotting
     without installing GNU Health in CI).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
MESODESK = str(Path(sys.executable).parent / "mesodesk")
SETUP = ROOT / "bench" / "peers" / "gnuhealth-setup.sh"
RESULTS = ROOT / "bench" / "results" / "peer_gnuhealth.json"

FAMILY = ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefebvre", "Roux", "Fournier", "Girard",
          "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann",
          "Rossi", "Bianchi", "Garcia", "Lopez", "Dupont", "Lambert", "Fontaine", "Chevalier", "Robin",
          "Masson", "Sanchez", "Nicolas", "Henry", "Perrin", "Morin", "Mathieu", "Clement", "Gauthier",
          "Dumont", "Lopez", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefevre", "Faure", "Andre",
          "Mercier", "Blanc", "Guerin", "Boyer", "Garnier"]  # fmt: skip
GIVEN = ["Claire", "Sophie", "Lucas", "Amélie", "Julien", "Inès", "Hugo", "Léa", "Anna", "Jonas", "Lena"]


class Client:
    """One keep-alive HTTP connection, as a browser or an integration would hold."""

    def __init__(self, port: int, headers: dict[str, str]) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Content-Type": "application/json", **headers}

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        self.connection.request(method, path, body=data, headers=self.headers)
        response = self.connection.getresponse()
        payload = response.read()
        if response.status >= 400:
            raise RuntimeError(f"{method} {path}: {response.status} {payload[:300]!r}")
        return json.loads(payload) if payload else None


def measure(operation: Callable[[int], object], count: int) -> dict[str, float]:
    times = []
    for i in range(count):
        start = time.perf_counter()
        operation(i)
        times.append(time.perf_counter() - start)
    total = sum(times)
    ordered = sorted(times)
    return {
        "count": count,
        "per_second": round(count / total, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 2),
    }


def people(count: int, seed: int) -> list[tuple[str, str, str, str]]:
    rng = random.Random(seed)
    return [
        (
            rng.choice(FAMILY),
            rng.choice(GIVEN),
            f"{rng.randint(1940, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            rng.choice(["female", "male"]),
        )
        for _ in range(count)
    ]


# -- GNU Health ---------------------------------------------------------------------------------


def gnuhealth_side(patients: list[tuple[str, str, str, str]], repeat: int) -> dict[str, Any]:
    port = int(os.environ.get("GNUHEALTH_PORT", "8070"))
    password = os.environ.get("GNUHEALTH_PASSWORD", "peer-bench-2026")
    subprocess.run(["bash", str(SETUP)], check=True, stdout=subprocess.DEVNULL)
    rpc = Client(port, {})
    serial = iter(range(1, 10**9))

    def call(method: str, *params: Any) -> Any:
        answer = rpc.call("POST", "/ghdb/", {"id": next(serial), "method": method, "params": list(params)})
        if answer.get("error"):
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer["result"]

    uid, session = call("common.db.login", "admin", {"password": password}, "en")[:2]
    token = base64.b64encode(f"admin:{uid}:{session}".encode()).decode()
    rpc.headers["Authorization"] = f"Session {token}"
    ids: list[int] = []

    def create(i: int) -> None:
        family, given, dob, sex = patients[i]
        # One record per call: a multi-record create duplicates patients (peer-gnuhealth.md).
        vlist = [{"name": given, "lastname": family, "is_person": True, "is_patient": True,
                  "create_target": True, "gender": "f" if sex == "female" else "m", "dob": dob,
                  "fed_country": "XXX"}]  # fmt: skip
        ids.extend(call("model.party.party.create", vlist, {}))

    fields = list(call("model.party.party.fields_get", None, {}))
    rng = random.Random(7)

    def search(_: int) -> None:
        family = rng.choice(FAMILY)
        domain = [["lastname", "ilike", f"{family}%"]]
        call("model.party.party.search_read", domain, 0, 50, [["lastname", "ASC"]],
             ["name", "lastname", "dob", "gender", "ref", "federation_account"], {})  # fmt: skip

    def open_patient(_: int) -> None:
        call("model.party.party.read", [rng.choice(ids)], fields, {})

    result: dict[str, Any] = {"create": measure(create, len(patients))}
    result["search"] = measure(search, repeat)
    result["open"] = measure(open_patient, repeat)
    result["server"] = "trytond 7 (gnuhealth 5), one threaded process, PostgreSQL 15 on port 5433"
    return result


# -- mesodesk -----------------------------------------------------------------------------------

SETUP_SNIPPET = """
import django; django.setup()
from django.contrib.auth import get_user_model
from mesodesk.accounts.models import Clinic, Membership, Network
from mesodesk.accounts.services import api_token_create
network = Network.objects.create(name="Peer bench")
clinic = Clinic.objects.create(network=network, name="Peer bench clinic", slug="peer-bench")
user = get_user_model().objects.create_user(username="bench", password="peer-bench-2026")
Membership.objects.create(user=user, clinic=clinic, role="clinician")
print(api_token_create(user=user, clinic=clinic, name="bench")[1])
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def mesodesk_side(patients: list[tuple[str, str, str, str]], repeat: int, sqlite: bool) -> dict[str, Any]:
    var = tempfile.mkdtemp(prefix="mesodesk-peer-")
    env = {**os.environ, "MESODESK_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "mesodesk.settings"}
    if sqlite:
        env.pop("DATABASE_URL", None)
        database = "SQLite"
    else:
        admin = "postgres://postgres@127.0.0.1:5432/postgres"
        for sql in ("DROP DATABASE IF EXISTS mesodesk_peer WITH (FORCE)", "CREATE DATABASE mesodesk_peer"):
            subprocess.run(
                ["psql", admin, "-qc", sql],
                check=True,
                env={**env, "PGOPTIONS": "-c client_min_messages=warning"},
            )
        env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/mesodesk_peer"
        database = "PostgreSQL 15 on port 5432"
    subprocess.run([MESODESK, "manage", "migrate", "-v", "0"], env=env, check=True)
    key = subprocess.run(
        [sys.executable, "-c", SETUP_SNIPPET], env=env, check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    port = free_port()
    server = subprocess.Popen(
        [MESODESK, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.2)
        api = Client(port, {"Authorization": f"Bearer {key}"})
        ids: list[str] = []

        def create(i: int) -> None:
            family, given, dob, sex = patients[i]
            body = {"family_name": family, "given_name": given, "date_of_birth": dob, "sex": sex}
            ids.append(api.call("POST", "/api/v1/patients", body)["id"])

        rng = random.Random(7)

        def search(_: int) -> None:
            api.call("GET", f"/api/v1/patients?q={quote(rng.choice(FAMILY))}&limit=50")

        def open_patient(_: int) -> None:
            pseudonym = rng.choice(ids)
            api.call("GET", f"/api/v1/patients/{pseudonym}")
            api.call("GET", f"/api/v1/patients/{pseudonym}/history")

        result: dict[str, Any] = {"create": measure(create, len(patients))}
        result["search"] = measure(search, repeat)
        result["open"] = measure(open_patient, repeat)
    finally:
        server.terminate()
        server.wait(timeout=30)
    workers = os.environ.get("MESODESK_WEB_WORKERS", "2")
    threads = os.environ.get("MESODESK_WEB_THREADS", "4")
    result["server"] = f"mesodesk serve (gunicorn, {workers} workers x {threads} threads), {database}"
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--sqlite", action="store_true", help="mesodesk on SQLite instead of PostgreSQL")
    parser.add_argument("--mesodesk-only", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    patients = people(args.patients, args.seed)
    report: dict[str, Any] = {
        "patients": args.patients,
        "repeat": args.repeat,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "mesodesk": mesodesk_side(patients, args.repeat, args.sqlite),
    }
    if not args.mesodesk_only:
        report["gnuhealth"] = gnuhealth_side(patients, args.repeat)
        report["ratio"] = {
            op: round(report["mesodesk"][op]["per_second"] / report["gnuhealth"][op]["per_second"], 1)
            for op in ("create", "search", "open")
        }
    print(f"{args.patients} patients, {args.repeat} searches and opens, one client thread per server")
    print(f"{'operation':<10}{'side':<12}{'per s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for op in ("create", "search", "open"):
        for side in ("mesodesk", "gnuhealth"):
            if side in report:
                row = report[side][op]
                print(f"{op:<10}{side:<12}{row['per_second']:>9}{row['p50_ms']:>9}{row['p95_ms']:>9}")
        if "ratio" in report:
            print(f"{'':<10}{'ratio':<12}{report['ratio'][op]:>8}x")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")


if __name__ == "__main__":
    main()
