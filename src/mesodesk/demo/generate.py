"""`mesodesk demo generate`: realistic clinics in bulk, for benchmarks and volume tests.

Sizes: s (one clinic, 2,000 patients), m (13,878 patients, the network survey's size, over
six clinics), l (ten million course sessions over forty clinics). Each clinic gets its
clinicians, rooms, prices, products and lots; patients with a history in French, German or
English; courses per the knowledge base's protocols, one after the other over the past years;
their sessions (held, missed, booked or planned); an appointment for every held or booked
session; a signed session record for every held one (points on the body map, a syringe drawn
from a lot of the clinic's that had not expired that day); adverse events at plausible rates.

Repeatable: one `random.Random` per clinic, seeded from `--seed` and the clinic's index, and
dates counted from a fixed day (`anchor`, today by default): the same seed on the same day
gives the same rows, ids aside, however many worker processes draw them (demo.workers: the
clinics are drawn there, `demo.rows`, and written here, one transaction per clinic). Rows go
in through `demo.bulk` (COPY on PostgreSQL), not the services: no screening is re-run, no
stock moves (a generated syringe names its lot, without a draw), and no audit row is
written — generating volume is not a person reading records.
The command itself prints what it made.
"""

from __future__ import annotations

import contextlib
import datetime
import resource
import sys
import time
from collections import Counter
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic, Membership, Network, Role
from mesodesk.accounts.sql import sql_identifier
from mesodesk.charting.models import SessionRecord
from mesodesk.courses.models import CourseSession, PriceList
from mesodesk.demo import bulk, fastpath, indexes
from mesodesk.demo import workers as drawing
from mesodesk.demo.draw import lots_plan
from mesodesk.demo.outcomes import ANSWER_COLUMNS, LINK_COLUMNS
from mesodesk.demo.rows import SIZES, WRITTEN, ClinicPlan, Ids, RangeExceeded, clinic_draw, tables_new
from mesodesk.inventory.models import Lot, Product
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.outcomes.models import OutcomeLink, OutcomeResponse
from mesodesk.scheduling.models import Appointment, Room

__all__ = ["SIZES", "WRITTEN", "GenerateError", "Ids", "generate"]


class GenerateError(Exception):
    """Bad options, or a network of this seed already generated."""


def generate(
    *,
    size: str,
    seed: int = 1,
    clinics: int | None = None,
    patients: int | None = None,
    sessions: int | None = None,
    treated: float = 0.8,
    anchor: datetime.date | None = None,
    progress: bool = True,
    indexes_off: bool | None = None,
    workers: int | None = None,
) -> dict[str, Any]:
    """Generate one network; returns counts by table and the time taken. `treated`: the share
    of patients with a history who follow courses (lower it for many patients, few sessions);
    `indexes_off`: secondary indexes dropped for the run and rebuilt after (default: size l);
    `workers`: processes drawing the clinics (default: the usable cores; 0: this one)."""
    if size not in SIZES:
        raise GenerateError(f"size: choose one of {', '.join(SIZES)}")
    shape = SIZES[size]
    clinic_count = clinics or shape.clinics
    if clinic_count < 1 or (patients is not None and patients < 1):
        raise GenerateError("clinics and patients must be at least 1")
    if workers is not None and workers < 0:
        raise GenerateError("workers: give 0 (draw in this process) or more")
    total_patients = patients if patients is not None else shape.patients
    if not 0 <= treated <= 1 or (treated == 0 and total_patients is None):
        raise GenerateError("treated: give a share from 0 to 1, above 0 when only sessions are capped")
    anchor = anchor or datetime.date.today()  # noqa: DTZ011 - the clinic's day, as the demo's
    started = time.perf_counter()
    used = (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    total_sessions = sessions if sessions is not None else shape.sessions
    if patients is not None and sessions is None:
        total_sessions = None  # a patient count given replaces the size's cap on sessions
    if total_patients is None and total_sessions is None:
        raise GenerateError("patients: give a number of patients or of sessions")
    expected = total_sessions or (total_patients or 0) * 8
    bar = bulk.Progress(expected, out=sys.stderr if progress else bulk.Null())
    count = drawing.usable_cores() if workers is None else workers
    if not drawing.forking():
        count = 0
    load_knowledge()  # loaded once here: forked workers inherit it
    # One transaction per clinic: an l-sized network is never one huge transaction, and a
    # clinic is there whole or not at all (an interrupted run leaves whole clinics behind).
    drop = size == "l" if indexes_off is None else indexes_off
    with scopes_disabled(), fastpath.bulk_session(), indexes.indexes_off(WRITTEN, enabled=drop):
        with transaction.atomic():
            network_name = f"Generated network {seed}"
            if Network.objects.filter(name=network_name).exists():
                raise GenerateError(f"seed: a network was already generated from seed {seed} here")
            network = Network.objects.create(name=network_name)
        now = datetime.datetime.combine(anchor, datetime.time(7, 0), tzinfo=datetime.UTC)
        first = {model: bulk.next_id(model) for model in (*WRITTEN, Clinic, Lot, get_user_model())}
        plans = drawing.plans(
            seed=seed, shape=shape, clinics=clinic_count, treated=treated, now=now, anchor=anchor,
            patients=[_share(total_patients, clinic_count, i) for i in range(clinic_count)],
            sessions=[_share(total_sessions, clinic_count, i) for i in range(clinic_count)],
            time_zone=settings.TIME_ZONE, sqlite=connection.vendor == "sqlite", first=first,
        )  # fmt: skip
        try:
            counts = _write_all(network, plans, count, bar, now)
        except (RangeExceeded, drawing.WorkerFailed) as exc:
            raise GenerateError(str(exc)) from exc
    bar.close()
    # Processor time, this process's (it writes; on SQLite the database's work is here too) and
    # its workers': how much a machine with free processors could save on the wall clock.
    writer, workers_used = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    processor = {
        "writer": round(writer.ru_utime + writer.ru_stime - used[0].ru_utime - used[0].ru_stime, 1),
        "workers": round(
            workers_used.ru_utime + workers_used.ru_stime - used[1].ru_utime - used[1].ru_stime, 1
        ),
    }
    return {"size": size, "seed": seed, "clinics": clinic_count, "vendor": connection.vendor,
            "workers": count, "seconds": round(time.perf_counter() - started, 1),
            "processor_seconds": processor, "rows": counts}  # fmt: skip


def _share(total: int | None, parts: int, index: int) -> int | None:
    if total is None:
        return None
    return total // parts + (1 if index < total % parts else 0)


def _write_all(
    network: Network, plans: list[ClinicPlan], count: int, bar: bulk.Progress, now: datetime.datetime
) -> dict[str, int]:
    """Each clinic in its own transaction: its set-up, then its rows as drawn (by `count`
    workers, or here when 0), the guard lifted meanwhile, then its records signed."""
    writers = tables_new(now) | {
        OutcomeResponse: bulk.Table(OutcomeResponse, ANSWER_COLUMNS, now=now),
        OutcomeLink: bulk.Table(OutcomeLink, LINK_COLUMNS, now=now),
    }
    by_label = {table.model._meta.label: table for table in writers.values()}
    written: Counter[str] = Counter()

    def write(label: str, rows: bulk.Rows) -> None:
        by_label[label].write(rows)
        written[label] += len(rows)
        if label == CourseSession._meta.label:
            bar.advance(len(rows))  # a session counts once it is in

    def write_drawn(table: bulk.Table, rows: bulk.Rows) -> None:
        write(table.model._meta.label, rows)

    pool = drawing.Pool(plans, count) if count else None
    with pool or contextlib.nullcontext():
        for plan in plans:
            with transaction.atomic():
                clinic = _staff(network, plan)
                with fastpath.guard_lifted(dict(plan.first)):  # the parts' guard, checked once after
                    if pool is None:
                        clinic_draw(plan, write_drawn)
                    else:
                        for label, rows in pool.batches(plan):
                            write(label, rows)
                _sign(clinic, plan.first[SessionRecord])
                bulk.sequences_reset((*WRITTEN, Clinic, Lot, get_user_model()))
    return {
        table.model.__name__: written[table.model._meta.label]
        for model, table in writers.items()
        if model is not OutcomeLink
    }


def _staff(network: Network, plan: ClinicPlan) -> Clinic:
    """The clinic with the ids its plan gave it: its clinicians, rooms, prices, products and
    lots (per formulation, received every six months over the history, each good a year)."""
    slug = drawing.clinic_slug(plan.seed, plan.index)
    name = f"Generated clinic {plan.seed}-{plan.index + 1}"
    clinic = Clinic.objects.create(id=plan.clinic_id, network=network, name=name, slug=slug)
    user_model = get_user_model()
    for number, staff in enumerate(plan.clinicians, start=1):
        user = user_model.objects.create(id=staff.id, username=staff.username, first_name="Dr",
                                         last_name=f"{number}")  # fmt: skip
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Membership.objects.create(user=user, clinic=clinic, role=Role.CLINICIAN.value)
    for room in ("Room 1", "Room 2"):
        Room.objects.create(clinic=clinic, name=room)
    PriceList.objects.create(clinic=clinic, per_session=90, package_sessions=4, package_price=320)
    lot_ids = iter(sorted(lot.id for lots in plan.lots.values() for lot in lots))
    products: dict[str, Product] = {}
    for formulation, product_name, received, expires, number_ in lots_plan(slug, plan.anchor):
        product = products.get(product_name)
        if product is None:
            product = products[product_name] = Product.objects.create(
                clinic=clinic, name=product_name, formulation="" if formulation == "plain" else formulation,
                manufacturer="NWM", presentation="vial", volume_ml=5, isotonic=True, low_stock_below=10,
            )  # fmt: skip
        Lot.objects.create(
            id=next(lot_ids), clinic=clinic, product=product, number=number_, expires=expires,
            quantity_received=5000, supplier="Pharmacie Centrale", received_on=received, on_hand=5000,
        )  # fmt: skip
    return clinic


def _sign(clinic: Clinic, first: int) -> None:
    """Sign the clinic's generated drafts at once, now their rows are in: the database refuses
    any row added to a signed record (charting migration 0002), so signing comes last. The
    clinic is new, so its drafts are all from `first` on (found by the key: the clinic's
    index may be off for the run)."""
    record, appointment = SessionRecord._meta.db_table, Appointment._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {sql_identifier(record)} SET status = 'signed', signed_by_id = clinician_id, "  # noqa: S608
            f'signed_at = (SELECT a."end" FROM {sql_identifier(appointment)} a '
            f"WHERE a.id = {sql_identifier(record)}.appointment_id) "
            f"WHERE id >= %s AND clinic_id = %s AND status = 'draft'",
            [first, clinic.id],
        )
