"""Serving mesodesk on loopback as `mesodesk serve` does (gunicorn, its workers and threads),
and a small keep-alive load client, for the benchmarks that go over real HTTP.

The client is threads, each with its own persistent connection, sending the next request
as soon as the last one is answered; it runs on the same machine as the server, so the
figures are for comparing with each other in one run, not for quoting alone.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(env: dict[str, str], port: int, log: Path) -> Iterator[str]:
    """gunicorn with `mesodesk serve`'s options and workers, on 127.0.0.1:port, until the block ends."""
    command = [
        sys.executable, "-m", "gunicorn", "mesodesk.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", env.get("MESODESK_WEB_WORKERS", "2"),
        "--threads", env.get("MESODESK_WEB_THREADS", "4"),
        "--access-logfile", str(log),
    ]  # fmt: skip
    full_env = {**os.environ, **env, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")])}
    with log.open("ab") as errors:
        process = subprocess.Popen(command, env=full_env, cwd=ROOT, stdout=errors, stderr=errors)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/bench/floor/", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own loopback server
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {seconds} s")


@dataclass(frozen=True)
class Load:
    requests: int
    failures: int
    answered: int  # 2xx answers, the uncounted warm-up requests' included
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


def load(port: int, request: Request, *, concurrency: int, seconds: float, warm_up: int = 2) -> Load:
    """As many requests as `concurrency` clients send in `seconds`, each on a kept-alive
    connection, after `warm_up` requests each that are not counted."""
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
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            answer.read()
            return 200 <= answer.status < 300, connection
        except (OSError, http.client.HTTPException, UnicodeError):
            connection.close()
            return False, http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
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
