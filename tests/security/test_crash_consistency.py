"""Crash consistency: the real server (gunicorn through `mesodesk serve`) killed with SIGKILL
while six clients write through the API, then restarted, cycle after cycle.

The clients register patients, book appointments for them, receive lots, count stock and
sign session records (which draws their lots). After each kill, before the restart,
tests/security/crash_world.py surveys the database: every write the server acknowledged
(a 2xx received) is there, no write is half-done (a movement without its stock change or its
audit line, a signed record without its draws, a patient or appointment without its audit
line), the audit chains verify and still hold the last checkpoint's heads, and the database's
own integrity check passes. It runs on SQLite, or on PostgreSQL when DATABASE_URL names one
(in a database of its own, `<suite's>_crash`).

`MESODESK_CRASH_CYCLES` sets the number of cycles (3 here; `make crash` runs 50)."""

from __future__ import annotations

import datetime
import http.client
import itertools
import json
import os
import random
import signal
import subprocess
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.live import MESODESK, _postgres, free_port, live_db, wait_for
from tests.security.crash_world import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CYCLES = int(os.environ.get("MESODESK_CRASH_CYCLES", "3"))
WRITERS = 6
DRAFTS_PER_CYCLE = 8
PARIS = ZoneInfo("Europe/Paris")
KINDS = {"patients", "appointments", "lots", "movements", "signed"}


def manage(env: dict[str, str], code: str) -> Any:
    """Run Python in a Django shell beside the server; its last line of output, as JSON."""
    done = subprocess.run(
        [MESODESK, "manage", "shell", "-c", code], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class World:
    env: dict[str, str]
    token: str
    lot: int
    product: int
    drafts: list[int]
    slots: Iterator[int] = field(default_factory=itertools.count)
    acked: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    env = {
        **os.environ,
        "MESODESK_VAR_DIR": str(tmp_path_factory.mktemp("crash-var")),
        "MESODESK_WEB_WORKERS": "2",
        "MESODESK_WEB_THREADS": "4",
        "PYTHONPATH": str(ROOT),  # the survey's module, tests/security/crash_world.py
    }
    url = os.environ.get("DATABASE_URL", "")
    on_postgres = url.startswith(("postgres://", "postgresql://"))
    if on_postgres:
        name = live_db(url).removesuffix("_live") + "_crash"
        _postgres(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _postgres(url, f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{name}"
    else:
        env.pop("DATABASE_URL", None)
    subprocess.run(
        [MESODESK, "manage", "migrate", "-v", "0"], env=env, check=True, capture_output=True, timeout=900
    )
    seeded = manage(env, f"from tests.security.crash_world import seed; seed({DRAFTS_PER_CYCLE * CYCLES})")
    yield World(
        env=env, token=seeded["token"], lot=seeded["lot"], product=seeded["product"], drafts=seeded["drafts"]
    )
    if on_postgres:
        _postgres(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class Writers:
    """Six clients writing as fast as the server answers, until told to stop; each 2xx is
    noted in `world.acked` (its kind and the id the answer gave)."""

    def __init__(self, world: World, port: int) -> None:
        self.world, self.port = world, port
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.unanswered = 0
        self.kinds_acked: set[str] = set()
        self.refused: list[str] = []
        self.drafts = world.drafts[:DRAFTS_PER_CYCLE]
        del world.drafts[:DRAFTS_PER_CYCLE]
        self.threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(WRITERS)]

    def call(self, path: str, body: dict[str, Any]) -> tuple[int, Any] | None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(
                "POST", f"/api/v1{path}", json.dumps(body),
                {"Authorization": f"Bearer {self.world.token}", "Content-Type": "application/json"},
            )  # fmt: skip
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        except ConnectionRefusedError:
            return None  # the server is down: nothing was sent
        except (OSError, http.client.HTTPException):
            with self.lock:
                self.unanswered += 1  # killed in flight: written or not, both are right
            return None
        finally:
            connection.close()

    def ack(self, kind: str, path: str, body: dict[str, Any], key: Callable[[Any], Any]) -> None:
        answer = self.call(path, body)
        if answer is None:
            return
        status, data = answer
        with self.lock:
            if 200 <= status < 300:
                self.world.acked[kind].add(key(data))
                self.kinds_acked.add(kind)
            else:
                self.refused.append(f"{path} {status}: {data}")

    def patient(self) -> None:
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=random.randrange(18_000))  # noqa: S311
        body = {"family_name": "Crash", "given_name": uuid.uuid4().hex[:8], "date_of_birth": born.isoformat()}
        self.ack("patients", "/patients", body, lambda data: data["id"])

    def booking(self) -> None:
        with self.lock:
            patients = sorted(self.world.acked["patients"])
            slot = next(self.world.slots)
        if not patients:
            return self.patient()
        day = datetime.datetime.combine(datetime.date.today(), datetime.time(8), PARIS)  # noqa: DTZ011
        # A month ahead: clear of the seeded records' appointments (10 minutes each from today 6:00).
        start = day + datetime.timedelta(days=30 + slot // 20, minutes=30 * (slot % 20))
        body = {"patient": random.choice(patients), "start": start.isoformat(), "kind": "iontophoresis"}  # noqa: S311
        self.ack("appointments", "/appointments", body, lambda data: data["id"])
        return None

    def receive(self) -> None:
        today = datetime.date.today().isoformat()  # noqa: DTZ011
        body = {
            "number": f"C-{uuid.uuid4().hex[:10]}", "expires": "2030-12-31", "quantity": 50,
            "supplier": "Pharma Lyon", "received_on": today,
        }  # fmt: skip
        self.ack("lots", f"/inventory/products/{self.world.product}/lots", body, lambda data: data["id"])

    def count(self) -> None:
        body = {"counts": [{"lot": self.world.lot, "units": random.randrange(50_000, 100_000)}]}  # noqa: S311
        self.ack("movements", "/inventory/counts", body, lambda data: tuple(m["id"] for m in data))

    def sign(self) -> None:
        with self.lock:
            record = self.drafts.pop() if self.drafts else None
        if record is None:
            return self.count()
        self.ack("signed", f"/records/{record}/sign", {"password": PASSWORD}, lambda data: data["id"])
        return None

    def _run(self, n: int) -> None:
        writes = [self.patient, self.booking, self.receive, self.count, self.sign]
        while not self.stop.is_set():
            random.choice(writes)()  # noqa: S311

    def __enter__(self) -> Writers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def serve(world: World) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    server = subprocess.Popen(
        [MESODESK, "serve", "--host", "127.0.0.1", "--port", str(port)], env=world.env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    wait_for(f"http://127.0.0.1:{port}/sign-in/", server, seconds=120)
    return server, port


def crash_cycle(world: World) -> tuple[int, int]:
    """Write, kill the server and every worker at a random moment; (writes answered, unanswered)."""
    server, port = serve(world)
    before = sum(len(ids) for ids in world.acked.values())
    with Writers(world, port) as writers:
        # Once every kind of write has been acknowledged in this cycle (on a busy machine that
        # takes a while), at a random moment in the next 3 s: writes are always in flight.
        deadline = time.monotonic() + 180
        while writers.kinds_acked < KINDS and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(random.uniform(0.0, 3.0))  # noqa: S311
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
    assert writers.refused == [], writers.refused[:5]  # every write asked for is one the API takes
    return sum(len(ids) for ids in world.acked.values()) - before, writers.unanswered


def test_every_acknowledged_write_survives_a_kill_and_nothing_is_half_done(world: World) -> None:
    answered = unanswered = 0
    for cycle in range(CYCLES):
        acked, lost_in_flight = crash_cycle(world)
        answered, unanswered = answered + acked, unanswered + lost_in_flight
        found = manage(world.env, "from tests.security.crash_world import survey; survey()")
        assert {kind: problems for kind, problems in found["problems"].items() if problems} == {}, (
            f"cycle {cycle}"
        )
        movements = {m for batch in world.acked["movements"] for m in batch}
        for kind, present in (
            ("patients", set(found["patients"])), ("appointments", set(found["appointments"])),
            ("lots", set(found["lots"])), ("signed", set(found["signed"])),
        ):  # fmt: skip
            assert world.acked[kind] <= present, f"cycle {cycle}: acknowledged {kind} lost"
        assert movements <= set(found["movements"]), f"cycle {cycle}: acknowledged stock counts lost"
    print(  # noqa: T201 - the figures docs/reliability.md quotes (pytest -s)
        f"\n{CYCLES} cycles: {answered} writes acknowledged, all present; {unanswered} cut off by the kill; "
        + ", ".join(f"{kind} {len(ids)}" for kind, ids in sorted(world.acked.items()))
    )
    assert all(world.acked[kind] for kind in KINDS)
