"""GNU Health 5 and mesodesk side by side: the same three operations through each one's HTTP API,
in one run, on this machine, one client thread each (as a front desk works), then the reads
again from several concurrent clients.

  1. create a patient (one call per patient on both sides);
  2. search patients by family name over every patient created (up to 50 rows back);
  3. open a patient with their history (GNU Health: read the party with all its fields;
     mesodesk: GET /api/v1/patients/{id}/record, the patient with their history in one call);
     also, for the record, mesodesk's older way: the patient, then the history (two calls).

Besides wall-clock throughput, each phase records the processor time the serving side spent
per operation: utime + stime (/proc/<pid>/stat) of the server's processes (trytond; mesodesk
serve's gunicorn master and workers) and of the PostgreSQL backends connected to its database,
read before and after the phase. On a shared machine the wall clock measures the neighbours
too; processor seconds per operation, compared in the same run, do not.

Both servers run on loopback as their projects serve them: GNU Health's `trytond` (one threaded
process, on its own PostgreSQL cluster, set up by gnuhealth-setup.sh) and mesodesk's `mesodesk
serve` (gunicorn, MESODESK_WEB_WORKERS x MESODESK_WEB_THREADS) on PostgreSQL at 127.0.0.1:5432 in a
database of its own (or SQLite with --sqlite). Prints throughput, p50 and p95 per operation and the
ratio mesodesk / GNU Health (throughput, and GNU Health's processor time per operation over
mesodesk's), and writes bench/results/peer_gnuhealth.json. Asserts nothing.

Run: .venv/bin/python bench/peers/gnuhealth.py [--patients 2000] [--repeat 200] [--clients 4]
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
import threading
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


Operation = Callable[[Client, int], object]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_ticks(pid: int) -> int | None:
    """utime + stime of one process (all its threads) and of its children that have ended
    (cutime + cstime: a PostgreSQL backend that closed, a server worker recycled), in clock
    ticks; None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return sum(int(field) for field in fields[11:15])


def descendants(root: int) -> list[int]:
    """The process and every process below it (a server's master and its workers)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def backends(url: str, database: str) -> list[int]:
    """The PostgreSQL backends connected to `database` (not the one asking)."""
    sql = f"SELECT pid FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()"  # noqa: S608
    out = subprocess.run(["psql", url, "-tAc", sql], check=True, capture_output=True, text=True).stdout
    return [int(line) for line in out.split()]


class ServerCpu:
    """Processor time of one side's server: its processes and its database's backends."""

    def __init__(self, server_pids: Callable[[], list[int]], database_pids: Callable[[], list[int]]) -> None:
        self.server_pids = server_pids
        self.database_pids = database_pids

    def snapshot(self) -> dict[str, dict[int, int]]:
        return {
            part: {pid: t for pid in pids() if (t := process_ticks(pid)) is not None}
            for part, pids in (("server", self.server_pids), ("database", self.database_pids))
        }

    @staticmethod
    def spent(before: dict[str, dict[int, int]], after: dict[str, dict[int, int]]) -> dict[str, float]:
        """Seconds spent between two snapshots; a backend that appeared in between counts from 0
        (one that ended in between is lost, so persistent connections are what this measures)."""
        return {
            part: sum(t - before[part].get(pid, 0) for pid, t in after[part].items()) / CLOCK_TICKS
            for part in after
        }


def measure(operation: Operation, client: Client, count: int, cpu: ServerCpu) -> dict[str, float]:
    times = []
    before = cpu.snapshot()
    for i in range(count):
        start = time.perf_counter()
        operation(client, i)
        times.append(time.perf_counter() - start)
    spent = ServerCpu.spent(before, cpu.snapshot())
    total = sum(times)
    ordered = sorted(times)
    return {
        "count": count,
        "per_second": round(count / total, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 2),
        "server_cpu_ms_per_op": round(spent["server"] * 1000 / count, 2),
        "database_cpu_ms_per_op": round(spent["database"] * 1000 / count, 2),
        "cpu_ms_per_op": round((spent["server"] + spent["database"]) * 1000 / count, 2),
    }


def measure_concurrent(
    operation: Operation, new_client: Callable[[], Client], clients: int, count: int, cpu: ServerCpu
) -> dict[str, float]:
    """`count` operations shared by `clients` threads, each over its own kept connection."""
    connections = [new_client() for _ in range(clients)]
    errors: list[BaseException] = []

    def work(client: Client, share: range) -> None:
        try:
            for i in share:
                operation(client, i)
        except BaseException as error:  # noqa: BLE001 - reported after the phase
            errors.append(error)

    threads = [
        threading.Thread(target=work, args=(c, range(n, count, clients))) for n, c in enumerate(connections)
    ]
    before = cpu.snapshot()
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    spent = ServerCpu.spent(before, cpu.snapshot())
    if errors:
        raise errors[0]
    return {
        "count": count,
        "clients": clients,
        "per_second": round(count / wall, 1),
        "cpu_ms_per_op": round((spent["server"] + spent["database"]) * 1000 / count, 2),
    }


def run_side(
    operations: dict[str, Operation],
    new_client: Callable[[], Client],
    cpu: ServerCpu,
    patients: int,
    repeat: int,
    clients: int,
) -> dict[str, Any]:
    """Each operation from one client thread (create first: the reads need the patients), then
    the reads from `clients` threads at once."""
    client = new_client()
    result: dict[str, Any] = {}
    for name, operation in operations.items():
        result[name] = measure(operation, client, patients if name == "create" else repeat, cpu)
    if clients > 1:
        result["concurrent"] = {
            name: measure_concurrent(operation, new_client, clients, repeat * clients, cpu)
            for name, operation in operations.items()
            if name != "create"
        }
    return result


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


def gnuhealth_side(patients: list[tuple[str, str, str, str]], repeat: int, clients: int) -> dict[str, Any]:
    port = int(os.environ.get("GNUHEALTH_PORT", "8070"))
    password = os.environ.get("GNUHEALTH_PASSWORD", "peer-bench-2026")
    home = Path(os.environ.get("GNUHEALTH_DIR", ROOT / "var" / "peers" / "gnuhealth"))
    # Its database as initialised, not holding the patients of earlier runs (as mesodesk's is new).
    subprocess.run(["bash", str(SETUP), "fresh"], check=True, stdout=subprocess.DEVNULL)
    serial = iter(range(1, 10**9))

    def call(rpc: Client, method: str, *params: Any) -> Any:
        answer = rpc.call("POST", "/ghdb/", {"id": next(serial), "method": method, "params": list(params)})
        if answer.get("error"):
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer["result"]

    uid, session = call(Client(port, {}), "common.db.login", "admin", {"password": password}, "en")[:2]
    token = base64.b64encode(f"admin:{uid}:{session}".encode()).decode()

    def new_client() -> Client:
        return Client(port, {"Authorization": f"Session {token}"})

    ids: list[int] = []

    def create(rpc: Client, i: int) -> None:
        family, given, dob, sex = patients[i]
        # One record per call: a multi-record create duplicates patients (peer-gnuhealth.md).
        vlist = [{"name": given, "lastname": family, "is_person": True, "is_patient": True,
                  "create_target": True, "gender": "f" if sex == "female" else "m", "dob": dob,
                  "fed_country": "XXX"}]  # fmt: skip
        ids.extend(call(rpc, "model.party.party.create", vlist, {}))

    fields = list(call(new_client(), "model.party.party.fields_get", None, {}))

    def search(rpc: Client, i: int) -> None:
        family = FAMILY[(i * 7) % len(FAMILY)]
        domain = [["lastname", "ilike", f"{family}%"]]
        call(rpc, "model.party.party.search_read", domain, 0, 50, [["lastname", "ASC"]],
             ["name", "lastname", "dob", "gender", "ref", "federation_account"], {})  # fmt: skip

    def open_patient(rpc: Client, i: int) -> None:
        call(rpc, "model.party.party.read", [ids[(i * 31) % len(ids)]], fields, {})

    trytond = int((home / "trytond.pid").read_text())
    postmaster = int((home / "pgdata" / "postmaster.pid").read_text().split()[0])
    # Its database is its whole cluster: trytond's pool opens and closes backends as it goes,
    # and an ended backend's time is found in its postmaster's cutime (the cluster's
    # checkpointer and WAL writer count too: a few tenths of a second over a whole run).
    cpu = ServerCpu(lambda: descendants(trytond), lambda: descendants(postmaster))
    operations: dict[str, Operation] = {"create": create, "search": search, "open": open_patient}
    result = run_side(operations, new_client, cpu, len(patients), repeat, clients)
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


def mesodesk_side(
    patients: list[tuple[str, str, str, str]],
    repeat: int,
    clients: int,
    sqlite: bool,
    database_name: str,
    port: int = 0,
) -> dict[str, Any]:
    var = tempfile.mkdtemp(prefix="mesodesk-peer-")
    env = {**os.environ, "MESODESK_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "mesodesk.settings"}
    admin = "postgres://postgres@127.0.0.1:5432/postgres"
    if sqlite:
        env.pop("DATABASE_URL", None)
        database = "SQLite"
    else:
        # The name comes from --database: a plain identifier (checked in main), not SQL.
        for sql in (
            f"DROP DATABASE IF EXISTS {database_name} WITH (FORCE)",
            f"CREATE DATABASE {database_name}",
        ):
            subprocess.run(
                ["psql", admin, "-qc", sql],
                check=True,
                env={**env, "PGOPTIONS": "-c client_min_messages=warning"},
            )
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database_name}"
        database = "PostgreSQL 15 on port 5432"
    subprocess.run([MESODESK, "manage", "migrate", "-v", "0"], env=env, check=True)
    key = subprocess.run(
        [sys.executable, "-c", SETUP_SNIPPET], env=env, check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    port = port or free_port()
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

        def new_client() -> Client:
            return Client(port, {"Authorization": f"Bearer {key}"})

        ids: list[str] = []

        def create(api: Client, i: int) -> None:
            family, given, dob, sex = patients[i]
            body = {"family_name": family, "given_name": given, "date_of_birth": dob, "sex": sex}
            ids.append(api.call("POST", "/api/v1/patients", body)["id"])

        def search(api: Client, i: int) -> None:
            api.call("GET", f"/api/v1/patients?q={quote(FAMILY[(i * 7) % len(FAMILY)])}&limit=50")

        def open_patient(api: Client, i: int) -> None:
            api.call("GET", f"/api/v1/patients/{ids[(i * 31) % len(ids)]}/record")

        def open_two_calls(api: Client, i: int) -> None:
            pseudonym = ids[(i * 31) % len(ids)]
            api.call("GET", f"/api/v1/patients/{pseudonym}")
            api.call("GET", f"/api/v1/patients/{pseudonym}/history")

        operations: dict[str, Operation] = {
            "create": create, "search": search, "open": open_patient, "open_two_calls": open_two_calls,
        }  # fmt: skip
        database_pids: Callable[[], list[int]] = (
            (lambda: []) if sqlite else (lambda: backends(admin, database_name))
        )
        cpu = ServerCpu(lambda: descendants(server.pid), database_pids)
        result = run_side(operations, new_client, cpu, len(patients), repeat, clients)
    finally:
        server.terminate()
        server.wait(timeout=30)
    workers = os.environ.get("MESODESK_WEB_WORKERS", "2")
    threads = os.environ.get("MESODESK_WEB_THREADS", "4")
    result["server"] = f"mesodesk serve (gunicorn, {workers} workers x {threads} threads), {database}"
    return result


# mesodesk's row, GNU Health's row it is compared with.
COMPARED = {"create": "create", "search": "search", "open": "open", "open_two_calls": "open"}


def ratios(mesodesk: dict[str, Any], gnuhealth: dict[str, Any]) -> dict[str, Any]:
    """Throughput mesodesk / GNU Health, and processor time per operation GNU Health / mesodesk
    (both: above 1 means mesodesk does more with less)."""

    def cpu(ours: dict[str, Any], theirs: dict[str, Any]) -> float | None:
        return round(theirs["cpu_ms_per_op"] / ours["cpu_ms_per_op"], 1) if ours["cpu_ms_per_op"] else None

    found: dict[str, Any] = {}
    for op, peer in COMPARED.items():
        found[op] = {
            "throughput": round(mesodesk[op]["per_second"] / gnuhealth[peer]["per_second"], 1),
            "cpu_per_op": cpu(mesodesk[op], gnuhealth[peer]),
        }
    for op, peer in COMPARED.items():
        ours, theirs = mesodesk.get("concurrent", {}).get(op), gnuhealth.get("concurrent", {}).get(peer)
        if ours and theirs:
            found[f"concurrent_{op}"] = {
                "throughput": round(ours["per_second"] / theirs["per_second"], 1),
                "cpu_per_op": cpu(ours, theirs),
            }
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients for the reads (1: none)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--sqlite", action="store_true", help="mesodesk on SQLite instead of PostgreSQL")
    parser.add_argument("--mesodesk-only", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--database", default="mesodesk_peer", help="mesodesk's PostgreSQL database (dropped and created)"
    )
    parser.add_argument("--port", type=int, default=0, help="mesodesk's port (default: a free one)")
    args = parser.parse_args()
    if not args.database.isidentifier():
        parser.error("--database: letters, digits and underscores only")
    patients = people(args.patients, args.seed)
    report: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "patients": args.patients,
        "repeat": args.repeat,
        "clients": args.clients,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "mesodesk": mesodesk_side(patients, args.repeat, args.clients, args.sqlite, args.database, args.port),
    }
    if not args.mesodesk_only:
        report["gnuhealth"] = gnuhealth_side(patients, args.repeat, args.clients)
        report["ratio"] = ratios(report["mesodesk"], report["gnuhealth"])
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(f"{args.patients} patients, {args.repeat} searches and opens, one client thread per server")
    print(f"{'operation':<16}{'side':<11}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'cpu ms/op':>11}")
    for op, peer in COMPARED.items():
        for side, name in (("mesodesk", op), ("gnuhealth", peer)):
            if side in report:
                row = report[side][name]
                print(f"{op:<16}{side:<11}{row['per_second']:>8}{row['p50_ms']:>9}{row['p95_ms']:>9}"
                      f"{row['cpu_ms_per_op']:>11}")  # fmt: skip
        if "ratio" in report:
            r = report["ratio"][op]
            print(f"{'':<16}{'ratio':<11}{r['throughput']:>7}x  (cpu per op {r['cpu_per_op']}x)")
    for side in ("mesodesk", "gnuhealth"):
        for op, row in report.get(side, {}).get("concurrent", {}).items():
            print(
                f"{args.clients} clients {op:<14}{side:<11}{row['per_second']:>8}/s{row['cpu_ms_per_op']:>11} cpu ms/op"
            )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")


if __name__ == "__main__":
    main()
