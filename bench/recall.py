"""Recall at network size: how long finding every patient who received one lot takes.

Builds a throw-away SQLite database (or uses DATABASE_URL), fills one clinic with COUNT signed
session records (default 50,000), each drawing from one of 200 lots, through bulk inserts; then
times the recall selector (the page's query and the rows built from it) against a raw SQL query
of the same rows. Prints figures; asserts nothing. Not run by `make test`.
Run: .venv/bin/python bench/recall.py [COUNT]
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("MESODESK_VAR_DIR", tempfile.mkdtemp(prefix="mesodesk-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesodesk.settings")

import django  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402

from mesodesk.accounts.models import Clinic, Network  # noqa: E402
from mesodesk.charting.models import SessionRecord, Syringe, SyringeLot  # noqa: E402
from mesodesk.inventory.models import Lot, Product  # noqa: E402
from mesodesk.patients.models import Patient  # noqa: E402
from mesodesk.recall.selectors import recall_rows, target_lot  # noqa: E402
from mesodesk.scheduling.models import Appointment  # noqa: E402

LOTS = 200
BATCH = 5000

RAW = """
SELECT r.id, p.pseudonym, p.family_name, p.given_name, p.phone, p.email, p.preferred_language,
       a.start, u.first_name, u.last_name, pr.name, l.number, s.volume_ml
FROM charting_syringelot s
JOIN charting_sessionrecord r ON r.id = s.record_id
JOIN patients_patient p ON p.id = r.patient_id
JOIN scheduling_appointment a ON a.id = r.appointment_id
JOIN auth_user u ON u.id = r.clinician_id
JOIN inventory_lot l ON l.id = s.lot_id
JOIN inventory_product pr ON pr.id = l.product_id
WHERE s.lot_id = %s AND r.status = 'signed' AND s.clinic_id = %s
ORDER BY a.start, r.id, s.id
"""


def _bulk(model: type, rows: list) -> list:  # type: ignore[type-arg]
    made = []
    for i in range(0, len(rows), BATCH):
        made += model.objects.bulk_create(rows[i : i + BATCH])  # type: ignore[attr-defined]
    return made


def fill(count: int) -> tuple[Clinic, Lot]:
    rng = random.Random(11)
    today = timezone.localdate()
    with scopes_disabled():
        network = Network.objects.create(name="Bench")
        clinic = Clinic.objects.create(network=network, name="Bench clinic", slug="bench")
        doctor = get_user_model().objects.create(username="bench-doctor", first_name="Ada", last_name="Bench")
        product = Product.objects.create(
            clinic=clinic, name="MesoLift 5 ml", manufacturer="NWM", presentation="vial", volume_ml=Decimal(5)
        )
        lots = _bulk(Lot, [
            Lot(clinic=clinic, product=product, number=f"L-{n:04d}", expires=today + datetime.timedelta(days=365),
                quantity_received=1000, supplier=f"Supplier {n % 7}", received_on=today, on_hand=1000)
            for n in range(LOTS)
        ])  # fmt: skip
        patients = _bulk(Patient, [
            Patient(clinic=clinic, family_name=f"Family{i}", given_name="Claire",
                    date_of_birth=datetime.date(1980, 1, 1), phone=f"+33 6 {i:08d}")
            for i in range(count // 3 + 1)
        ])  # fmt: skip
        start = timezone.now() - datetime.timedelta(days=3 * 365)
        appointments = _bulk(Appointment, [
            Appointment(clinic=clinic, patient=patients[i % len(patients)], clinician=doctor, kind="mesotherapy",
                        start=start + datetime.timedelta(minutes=20 * i),
                        end=start + datetime.timedelta(minutes=20 * i + 15), created_by="bench")
            for i in range(count)
        ])  # fmt: skip
        # Drafts first, their lines next, then signed in one update: a signed record's rows
        # cannot be added to (the database refuses it), as in the clinic.
        records = _bulk(SessionRecord, [
            SessionRecord(clinic=clinic, appointment=a, patient=a.patient, clinician=doctor) for a in appointments
        ])  # fmt: skip
        syringes = _bulk(Syringe, [Syringe(clinic=clinic, record=r, label="A") for r in records])
        _bulk(SyringeLot, [
            SyringeLot(clinic=clinic, record=s.record, syringe=s, lot=lots[rng.randrange(LOTS)],
                       volume_ml=Decimal("2.00"))
            for s in syringes
        ])  # fmt: skip
        SessionRecord.objects.filter(clinic=clinic).update(
            status="signed", signed_at=timezone.now(), signed_by=doctor
        )
    return clinic, lots[0]


def median_ms(run, repeat: int = 3 if harness.TINY else 15) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    times, found = [], 0
    for _ in range(repeat):
        begun = time.perf_counter()
        found = run()
        times.append(time.perf_counter() - begun)
    return statistics.median(times) * 1000, found


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else (500 if harness.TINY else 50_000)
    result = harness.Run("recall")
    call_command("migrate", verbosity=0)
    begun = time.perf_counter()
    clinic, lot = fill(count)
    print(f"{count:,} signed records created in {time.perf_counter() - begun:.1f} s on {connection.vendor}")
    if os.environ.get("BENCH_ANALYZE"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def selector() -> int:
        with scope(clinic=clinic):
            return len(recall_rows(target_lot(lot.pk)))

    def raw() -> int:
        with connection.cursor() as cursor:
            cursor.execute(RAW, [lot.pk, clinic.pk])
            return len(cursor.fetchall())

    result.figure("records", count, "signed records in the clinic")
    timed = {}
    for key, label, run in (
        ("selector", "recall selector (lot, rows built)", selector),
        ("raw", "raw SQL, same rows", raw),
    ):
        ms, found = median_ms(run)
        print(f"{label:36s} {ms:8.2f} ms   ({found} rows)")
        timed[key] = ms
        result.figures[f"{key}_ms"] = round(ms, 3)
        result.figures[f"{key}_rows"] = found
    result.ratio("selector_to_raw", timed["selector"] / timed["raw"], "recall selector / raw SQL (median)")
    result.write()


if __name__ == "__main__":
    main()
