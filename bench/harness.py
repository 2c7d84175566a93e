"""What every benchmark shares: the machine, the results file, a server on loopback, a load client.

Results: each benchmark writes `bench/results/<name>.json` (or under `BENCH_RESULTS_DIR`):
{"name", "machine": {...}, "figures": {...}, "ratios": {...}, "started_at", "seconds"}.
`BENCH_TINY=1` runs the smallest size (the tests do: they check the shape, never the time).

The load client runs in the benchmark's process, the server in its own (gunicorn, as
`mesodesk serve` starts it): threads, each holding one keep-alive HTTP/1.1 connection, send
requests back to back and time each one. A Python client is slower than `wrk`, so the floors
are the floors *as this client sees them*; every ratio compares figures from the same client,
in the same run, on the same machine.
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR", BENCH / "results"))
TINY = os.environ.get("BENCH_TINY") == "1"
PORT = int(os.environ.get("BENCH_PORT", "8103"))
WORKERS, THREADS = os.environ.get("MESODESK_WEB_WORKERS", "2"), os.environ.get("MESODESK_WEB_THREADS", "4")


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": f"{platform.system()} {platform.release()}",
        "load_average_1m": round(os.getloadavg()[0], 2),  # other work on the machine meanwhile
        "database": "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite",
    }


class Run:
    """One benchmark's run: figures and ratios gathered, printed, then written as JSON."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.started = time.perf_counter()
        self.started_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        self.figures: dict[str, Any] = {}
        self.ratios: dict[str, float] = {}
        self.notes: list[str] = []

    def figure(self, key: str, value: Any, label: str = "", unit: str = "") -> None:
        self.figures[key] = value
        shown = f"{value:,.2f}" if isinstance(value, float) else str(value)
        print(f"{label or key:60s} {shown:>14s} {unit}", flush=True)

    def ratio(self, key: str, value: float, label: str = "") -> None:
        self.ratios[key] = round(value, 3)
        print(f"{label or key:60s} {value:14.2f}x", flush=True)

    def write(self) -> Path:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{self.name}.json"
        payload = {
            "name": self.name,
            "machine": machine(),
            "tiny": TINY,
            "started_at": self.started_at,
            "seconds": round(time.perf_counter() - self.started, 1),
            "figures": self.figures,
            "ratios": self.ratios,
            "notes": self.notes,
        }
        path.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
        print(f"wrote {path}", flush=True)
        return path


def free_port(preferred: int = PORT) -> int:
    """`preferred` when nothing listens there, else any free port (tests run beside a bench)."""
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise RuntimeError("no free port on loopback")


@contextmanager
def server(command: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start a server process, wait until it answers on loopback, stop it (and only it) after."""
    # The server's log goes to a file, never a pipe nobody reads: a full pipe would stall it.
    log = tempfile.NamedTemporaryFile(prefix="mesodesk-bench-server-", suffix=".log", delete=False)  # noqa: SIM115
    # The server imports this checkout's mesodesk, as the benchmark's own process does: with
    # another checkout's src first on the path, an A/B of two versions served the installed one.
    path = os.pathsep.join(p for p in (str(BENCH.parent / "src"), os.environ.get("PYTHONPATH", "")) if p)
    process = subprocess.Popen(  # noqa: S603 - our own command line
        command,
        env={**os.environ, "PYTHONPATH": path, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {Path(log.name).read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("server did not start in 60 s") from None
                time.sleep(0.1)
        yield f"127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # gunicorn's arbiter and its workers, by their group
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
        Path(log.name).unlink()


def gunicorn(app: str, port: int, *, pythonpath: str | None = None) -> list[str]:
    """The command `mesodesk serve` runs (mesodesk.manage.serve), for another WSGI application."""
    command = [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}",
               "--workers", WORKERS, "--threads", THREADS]  # fmt: skip
    if pythonpath:
        command += ["--pythonpath", pythonpath]
    return command


def mesodesk_serve(port: int) -> list[str]:
    return [
        str(Path(sys.executable).parent / "mesodesk"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]


def load(
    address: str,
    path: str,
    *,
    requests: int,
    concurrency: int = 4,
    cookie: str = "",
    warmup: int = 20,
    max_seconds: float = 60.0,
) -> dict[str, float]:
    """Send `requests` GETs over `concurrency` keep-alive connections; latencies in ms. A slow
    page stops early after `max_seconds` (at least 20 requests timed), so a run stays minutes."""
    host, port = address.split(":")
    headers = {"Host": "127.0.0.1", "Accept-Language": "en"}
    if cookie:
        headers["Cookie"] = cookie
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    remaining = [requests]

    def get(connection: http.client.HTTPConnection) -> float:
        start = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            failures.append(f"{response.status} {path}")
        return (time.perf_counter() - start) * 1000

    def worker() -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=120)
        mine: list[float] = []
        while True:
            with lock:
                late = len(latencies) + len(mine) * concurrency >= 20 and time.perf_counter() > deadline[0]
                if remaining[0] <= 0 or late:
                    break
                remaining[0] -= 1
            mine.append(get(connection))
        connection.close()
        with lock:
            latencies.extend(mine)

    deadline = [float("inf")]

    def blast(count: int) -> float:
        remaining[0] = count
        deadline[0] = time.perf_counter() + max_seconds
        threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started

    # Every worker process and thread gets its connections, imports and caches ready first.
    blast(max(warmup, 8 * concurrency))
    latencies.clear()
    wall = blast(requests)
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed, first: {failures[0]}")
    latencies.sort()
    return {
        "requests": len(latencies),
        "concurrency": concurrency,
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))], 2),
        "per_second": round(len(latencies) / wall, 1),
    }


@dataclass(frozen=True)
class Load:
    """What `drive` measured: the requests timed, the failed ones, the 2xx answers (the
    uncounted warm-up requests' included) and the latencies."""

    requests: int
    failures: int
    answered: int
    seconds: float
    latencies_ms: tuple[float, ...]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def p95_ms(self) -> float:
        if len(self.latencies_ms) < 2:
            return self.p50_ms
        return statistics.quantiles(self.latencies_ms, n=20)[18]


# A request: method, path, headers and body, chosen afresh for each (the n-th of the run).
Request = Callable[[int], tuple[str, str, dict[str, str], bytes | None]]


def drive(address: str, request: Request, *, concurrency: int, seconds: float, warm_up: int = 2) -> Load:
    """As many requests as `concurrency` clients send in `seconds`, each on a kept-alive
    connection, after `warm_up` requests each that are not counted; any method, headers and
    body (`load` is its GET-only, count-bound sibling). A failure is counted, not raised."""
    host, port = address.split(":")
    counter = iter(range(10**12))
    lock = threading.Lock()
    latencies: list[float] = []
    failures = [0]
    answered = [0]
    began = [0.0]
    stop_at = [0.0]

    def go() -> None:  # run once, when every client has warmed up, before any is let go
        began[0] = time.perf_counter()
        stop_at[0] = began[0] + seconds

    start_line = threading.Barrier(concurrency + 1, action=go)

    def send(connection: http.client.HTTPConnection) -> tuple[bool, http.client.HTTPConnection]:
        with lock:
            n = next(counter)
        method, path, headers, body = request(n)
        try:
            connection.request(method, path, body=body, headers={"Host": "127.0.0.1", **headers})
            answer = connection.getresponse()
            answer.read()
            return 200 <= answer.status < 300, connection
        except (OSError, http.client.HTTPException, UnicodeError):
            connection.close()
            return False, http.client.HTTPConnection(host, int(port), timeout=60)

    def client() -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        good = 0
        for _ in range(warm_up):
            ok, connection = send(connection)
            good += ok
        start_line.wait(timeout=300)
        mine: list[float] = []
        failed = 0
        while (started := time.perf_counter()) < stop_at[0]:
            ok, connection = send(connection)
            mine.append((time.perf_counter() - started) * 1000)
            failed += not ok
            good += ok
        connection.close()
        with lock:
            latencies.extend(mine)
            failures[0] += failed
            answered[0] += good

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    start_line.wait(timeout=300)
    for thread in threads:
        thread.join()
    return Load(len(latencies), failures[0], answered[0], time.perf_counter() - began[0], tuple(latencies))


def django_ready() -> None:
    """Django set up on a throw-away instance (a temporary var dir, SQLite) unless
    MESODESK_VAR_DIR or DATABASE_URL say otherwise; the database migrated. The servers
    this run starts inherit the same environment, so they read the same database."""
    os.environ.setdefault("MESODESK_VAR_DIR", tempfile.mkdtemp(prefix="mesodesk-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesodesk.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def session_cookie(user: Any) -> str:
    """A signed-in session for `user`, as the `Cookie` header a browser would send."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
