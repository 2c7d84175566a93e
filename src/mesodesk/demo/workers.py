"""The generator's clinics drawn in worker processes, written by the one process that holds
the database (SQLite has one writer; PostgreSQL's COPY goes from there too).

Each clinic's ids are set aside before any is drawn (`plans`): from the first free id of each
table, a range per clinic as large as that clinic could ever need (`row_bounds`), so a worker
draws its clinics with no database and the rows name each other by their final ids. The ids
depend on the options, never on how many workers draw, and neither do the rows (each clinic
has its own seeded `random.Random`). A clinic that outgrew a range (it cannot, by the bounds;
checked all the same) is refused before its transaction commits.

Worker `w` of `n` draws clinics `w`, `w + n`, ... in order and puts their batches on its own
bounded queue (so a worker ahead of the writer waits, holding a few batches, not a clinic);
the writer reads clinic 0's batches from worker 0's queue, then clinic 1's from worker 1's,
and so on. Workers are forked (they inherit the loaded knowledge base and Django's set-up);
where `fork` is missing, clinics are drawn in the writer's process.
"""

from __future__ import annotations

import ctypes
import datetime
import math
import multiprocessing
import os
import queue
import signal
from collections.abc import Iterator, Sequence
from typing import Any

from django.contrib.auth import get_user_model

from mesodesk.accounts.models import Clinic
from mesodesk.charting.models import InjectionPoint
from mesodesk.clinic.outcome_schedule import default_schedule
from mesodesk.clinic.planning import plan_protocol
from mesodesk.courses.models import Course
from mesodesk.demo import bulk
from mesodesk.demo.draw import lots_plan
from mesodesk.demo.people import INDICATIONS
from mesodesk.demo.rows import SLOTS_PER_DAY, WRITTEN, ClinicPlan, LotRef, Size, Staff, clinic_draw
from mesodesk.inventory.models import Lot
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.outcomes.models import OutcomeLink, OutcomeResponse
from mesodesk.patients.models import History, Patient, ScreeningSnapshot

QUEUE_BATCHES = 64  # batches a worker may hold ready for the writer (a batch: up to bulk.BATCH rows)
POLL_SECONDS = 1.0
PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when its parent ends
Message = tuple[str, str, bulk.Rows]  # ("rows", model label, rows) | ("done", "", []) | ("error", text, [])


class WorkerFailed(Exception):
    """A worker stopped: its clinic's draw raised, or the process died."""


def usable_cores() -> int:
    """The processors this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def forking() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def row_bounds(shape: Size, *, patients: int | None, sessions: int | None, treated: float) -> dict[type, int]:
    """The most rows of each table one clinic can draw with these options. A patient follows at
    most `shape.courses[1]` courses of at most the longest protocol's sessions; with only a cap on
    sessions, the patients drawn until it is reached stay, in any real run, far below
    `sessions / treated` (two in three draw sessions, a dozen each): a thousand more, for margin."""
    kb = load_knowledge()
    longest = max(len(plan_protocol(p, datetime.date(2026, 1, 1)).sessions) for p in kb.protocols)
    per_patient = shape.courses[1] * longest
    if sessions is None:
        people = patients or 0
        held = people * per_patient
    else:
        people = patients if patients is not None else math.ceil(sessions / treated) + 1_000
        held = min(max(sessions, 1) - 1 + per_patient, people * per_patient)
    courses = min(people * shape.courses[1], held)
    answers = courses * max(
        sum(len(points) for _code, points in default_schedule(indication, sex))
        for indication, _weight in INDICATIONS
        for sex in ("female", "male")
    )
    bounds: dict[type, int] = dict.fromkeys(WRITTEN, held)
    bounds.update({Patient: people, History: people, ScreeningSnapshot: courses, Course: courses,
                   InjectionPoint: held * shape.points[1], OutcomeResponse: answers,
                   OutcomeLink: answers})  # fmt: skip
    return bounds


def plans(
    *, seed: int, shape: Size, clinics: int, patients: Sequence[int | None], sessions: Sequence[int | None],
    treated: float, now: datetime.datetime, anchor: datetime.date, time_zone: str, sqlite: bool,
    first: dict[type, int],
) -> list[ClinicPlan]:  # fmt: skip
    """Every clinic's plan, with its ids (`first`: the first free id of the clinics', the
    users', the lots' and each written table): clinic `i` the `i`-th clinic id, its
    clinicians' and lots' after the clinics' before it, its rows' ranges after theirs."""
    made = []
    next_id = dict(first)
    user = get_user_model()
    for index in range(clinics):
        expected = sessions[index] or (patients[index] or 0) * 8
        # Enough clinicians that the held sessions fit their half-hour slots (about six years).
        count = max(2, expected // (SLOTS_PER_DAY * 250 * 5) + 1)
        slug = clinic_slug(seed, index)
        clinicians = tuple(Staff(next_id[user] + n, f"{slug}-clinician-{n + 1}") for n in range(count))
        lots: dict[str, list[LotRef]] = {}
        for n, (formulation, _name, received, expires, _number) in enumerate(lots_plan(slug, anchor)):
            lots.setdefault(formulation, []).append(LotRef(next_id[Lot] + n, received, expires))
        bounds = row_bounds(shape, patients=patients[index], sessions=sessions[index], treated=treated)
        made.append(
            ClinicPlan(
                index=index,
                seed=seed,
                clinic_id=first[Clinic] + index,
                clinicians=clinicians,
                lots={key: tuple(value) for key, value in lots.items()},
                shape=shape,
                patients=patients[index],
                sessions=sessions[index],
                treated=treated,
                now=now,
                anchor=anchor,
                time_zone=time_zone,
                sqlite=sqlite,
                first={model: next_id[model] for model in WRITTEN},
                end={model: next_id[model] + bounds[model] for model in WRITTEN},
            )  # fmt: skip
        )
        next_id[user] += count
        next_id[Lot] += len(lots_plan(slug, anchor))
        for model in WRITTEN:
            next_id[model] += bounds[model]
    return made


def clinic_slug(seed: int, index: int) -> str:
    return f"gen{seed}-{index + 1}"


def _work(plans_: Sequence[ClinicPlan], out: Any, writer: int) -> None:
    """A worker's life: its clinics in order, each ended by "done" (or "error", and no more)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle: it stops us
    _end_with(writer)

    def send(table: bulk.Table, rows: bulk.Rows) -> None:
        out.put(("rows", table.model._meta.label, rows))

    for plan in plans_:
        try:
            clinic_draw(plan, send)
        except Exception as exc:  # noqa: BLE001 - whatever it is, the writer reports it
            out.put(("error", f"clinic {plan.index + 1}: {type(exc).__name__}: {exc}", []))
            return
        out.put(("done", "", []))


def _end_with(writer: int) -> None:
    """Linux: the kernel ends this worker when the writer ends, even by `kill -9`, so no worker
    is left waiting on a full queue that nobody reads (elsewhere, the writer's normal exit does)."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (AttributeError, OSError):
        return
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != writer:  # it ended before the line above
        os._exit(1)


class Pool:
    """`count` worker processes drawing `plans_` (in index order, from 0); `batches(plan)`
    yields a clinic's (model label, rows) as its worker sends them. Use it as a context
    manager: leaving it stops every worker still running."""

    def __init__(self, plans_: Sequence[ClinicPlan], count: int) -> None:
        context = multiprocessing.get_context("fork")
        self.count = max(1, min(count, len(plans_)))
        self.queues = [context.Queue(maxsize=QUEUE_BATCHES) for _ in range(self.count)]
        self.processes = [
            context.Process(
                target=_work, args=(plans_[w :: self.count], self.queues[w], os.getpid()), daemon=True
            )
            for w in range(self.count)
        ]

    def __enter__(self) -> Pool:
        for process in self.processes:
            process.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join()
        for out in self.queues:
            out.close()
            out.cancel_join_thread()

    def batches(self, plan: ClinicPlan) -> Iterator[tuple[str, bulk.Rows]]:
        out, process = self.queues[plan.index % self.count], self.processes[plan.index % self.count]
        while True:
            try:
                kind, text, rows = out.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if process.is_alive():
                    continue
                try:  # what it sent just before it ended
                    kind, text, rows = out.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    raise WorkerFailed(f"clinic {plan.index + 1}: its worker stopped") from None
            if kind == "done":
                return
            if kind == "error":
                raise WorkerFailed(text)
            yield text, rows
