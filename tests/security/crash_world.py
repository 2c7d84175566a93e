"""The crash suite's clinic, and its survey of the database after a crash.

Both run inside Django, in a `mesodesk manage shell` beside the killed server (never in the
test's own process, whose database is the test one): `seed()` makes a clinic with a
clinician, an API token, a lot in stock and draft session records ready to sign; `survey()`
reads what survived and prints it as JSON for tests/security/test_crash_consistency.py.

Each check of `survey()` is a rule that holds after any crash if every write is atomic:
- every patient and every appointment has the audit line of its creation;
- every lot's units on hand are the sum of its stock movements, and the last movement's
  "on hand after" says the same; every movement has its audit line;
- a signed record's every syringe lot was drawn (units drawn, and the movement that drew
  them); a draft record drew nothing;
- every audit chain verifies, and the latest checkpoint's heads are still in their chains;
- the database's own integrity check passes (SQLite `PRAGMA integrity_check` and its foreign
  keys; PostgreSQL's amcheck on every B-tree index)."""

from __future__ import annotations

import datetime
import json
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.audit import audit_verify
from mesodesk.accounts.checkpoints import checkpoint_compare, checkpoint_latest, checkpoint_write
from mesodesk.accounts.models import AuditEvent, Clinic, Membership, Network, Role
from mesodesk.accounts.services import api_token_create
from mesodesk.charting.models import SessionRecord, SyringeLot
from mesodesk.charting.services import record_open, record_update
from mesodesk.charting.services_marks import point_add, syringe_add
from mesodesk.inventory.models import Lot, StockMovement
from mesodesk.inventory.services import lot_receive, product_create
from mesodesk.patients.models import Patient
from mesodesk.patients.services import patient_create
from mesodesk.scheduling.models import Appointment

CLINICIAN = "crash-clinician"
PASSWORD = "crash-suite-password-2026"  # noqa: S105 - a throwaway test clinic's
CHECKLIST_DONE: dict[str, Any] = {
    "screening_current": True, "consent_in_force": True, "precare_followed": True,
    "bruising_resolved": True, "gloves_worn": True, "disinfectant": "chlorhexidine",
}  # fmt: skip


def _draft_ready_to_sign(clinic: Clinic, clinician: Any, lot: Lot, patient: Patient, slot: int) -> int:
    """A started appointment today (a 10-minute slot of its own) and its record, checklist
    ticked, one syringe from `lot`, one papule: the API's sign only lacks the password."""
    day = timezone.localtime().replace(hour=6, minute=0, second=0, microsecond=0)
    start = day + datetime.timedelta(minutes=10 * slot)
    appointment = Appointment.objects.create(
        clinic=clinic, patient=patient, clinician=clinician, kind="mesotherapy",
        start=start, end=start + datetime.timedelta(minutes=10), created_by="crash-seed",
        started_at=timezone.now(), started_by=CLINICIAN,
    )  # fmt: skip
    record = record_open(appointment=appointment, by=clinician)
    record = record_update(record=record, by=clinician, **CHECKLIST_DONE)
    syringe = syringe_add(record=record, by=clinician, label="A", lots=[(lot, Decimal("2"))])
    point_add(
        record=record, by=clinician, view="face_front", x=50, y=15, technique="papule",
        depth_mm=Decimal("1.5"), needle_gauge=30, needle_length_mm=Decimal("4"),
        volume_ml=Decimal("0.05"), syringe=syringe,
    )  # fmt: skip
    return record.pk


def seed(records: int) -> None:
    """Print the clinic's token, its lot and its draft records' ids (JSON)."""
    clinic = Clinic.objects.create(
        network=Network.objects.create(name="Crash"), name="Crash clinic", slug="crash"
    )
    clinician = get_user_model().objects.create_user(username=CLINICIAN, password=PASSWORD)
    Membership.objects.create(user=clinician, clinic=clinic, role=Role.CLINICIAN)
    _, token = api_token_create(user=clinician, clinic=clinic, name="crash")
    today = timezone.localdate()
    with scope(clinic=clinic):
        product = product_create(
            clinic=clinic, actor=clinician, name="MesoLift 5 ml", manufacturer="NWM", presentation="vial",
            volume_ml=Decimal("5.00"), formulation="mesolift", isotonic=True,
        )  # fmt: skip
        lot = lot_receive(
            product=product, actor=clinician, number="CRASH-0", quantity=100_000, supplier="Pharma Lyon",
            expires=today + datetime.timedelta(days=365), received_on=today, location="Fridge 1",
        )  # fmt: skip
        patient = patient_create(
            actor=clinician, clinic=clinic, family_name="Seed", given_name="Ada",
            date_of_birth=datetime.date(1980, 1, 1), sex="female",
        )  # fmt: skip
        drafts = [_draft_ready_to_sign(clinic, clinician, lot, patient, slot) for slot in range(records)]
    print(json.dumps({"token": token, "product": product.pk, "lot": lot.pk, "drafts": drafts}))  # noqa: T201


def _integrity() -> list[str]:
    """The database's own verdict: [] when it finds nothing wrong."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            problems = [row[0] for row in cursor.fetchall() if row[0] != "ok"]
            cursor.execute("PRAGMA foreign_key_check")
            return problems + [f"foreign key: {row}" for row in cursor.fetchall()]
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        except Exception:  # noqa: BLE001 - a role that may not create extensions: no amcheck
            return []
        cursor.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE a.amname = 'btree' AND n.nspname = 'public'"
        )
        problems = []
        for (index,) in cursor.fetchall():
            try:
                cursor.execute("SELECT bt_index_check(%s::regclass, true)", [index])
            except Exception as exc:  # noqa: BLE001 - amcheck's verdict, reported as a finding
                problems.append(f"{index}: {exc}")
        return problems


def _stock_problems() -> list[str]:
    problems = []
    moved: dict[int, int] = defaultdict(int)
    last: dict[int, int] = {}
    for lot_id, quantity, after in StockMovement.objects.order_by("id").values_list(
        "lot_id", "quantity", "on_hand_after"
    ):
        moved[lot_id] += quantity
        last[lot_id] = after
    for lot_id, on_hand in Lot.objects.values_list("pk", "on_hand"):
        if moved[lot_id] != on_hand or last.get(lot_id) != on_hand:
            problems.append(f"lot {lot_id}: {on_hand} on hand, movements add up to {moved[lot_id]}")
    return problems


def _record_problems() -> list[str]:
    problems = []
    draws = dict(
        StockMovement.objects.filter(reference__startswith="session-record:").values_list(
            "reference", "quantity"
        )
    )
    lines = SyringeLot.objects.values_list("pk", "movement__quantity", "record_id", "record__status")
    for pk, quantity, record_id, status in lines:
        drawn = draws.get(f"session-record:{record_id}:syringe-lot:{pk}")
        if status == "signed" and not (quantity and quantity < 0 and drawn == quantity):
            problems.append(f"signed record {record_id}: its syringe lot {pk} was not drawn")
        if status != "signed" and (quantity is not None or drawn is not None):
            problems.append(f"draft record {record_id}: its syringe lot {pk} was drawn")
    return problems


def _audit_problems() -> list[str]:
    """Each patient, appointment and movement without its audit line (or with two)."""
    lines = Counter(
        (object_type, object_id)
        for object_type, object_id in AuditEvent.objects.filter(
            object_type__in=["patient", "appointment"], action="create"
        ).values_list("object_type", "object_id")
    )
    movements = Counter(
        detail.get("movement")
        for detail in AuditEvent.objects.filter(object_type="lot").values_list("detail", flat=True)
    )
    problems = [
        f"patient {p}: {lines[('patient', p)]} audit lines"
        for p in Patient.objects.values_list("pseudonym", flat=True)
        if lines[("patient", p)] != 1
    ]
    problems += [
        f"appointment {a}: {lines[('appointment', str(a))]} audit lines"
        for a in Appointment.objects.exclude(created_by="crash-seed").values_list("pk", flat=True)
        if lines[("appointment", str(a))] != 1
    ]
    problems += [
        f"movement {m}: {movements[m]} audit lines"
        for m in StockMovement.objects.values_list("pk", flat=True)
        if movements[m] != 1
    ]
    return problems


def survey() -> None:
    """Print what is in the database and every rule it breaks (JSON), then write a checkpoint
    of the audit chains' heads: the next cycle's crash must not lose what it vouches for."""
    with scopes_disabled():
        trail = audit_verify()
        checkpoint, findings = checkpoint_latest()
        if checkpoint is not None:
            findings += checkpoint_compare(checkpoint)
        answer = {
            "patients": list(Patient.objects.values_list("pseudonym", flat=True)),
            "appointments": list(Appointment.objects.values_list("pk", flat=True)),
            "lots": list(Lot.objects.values_list("pk", flat=True)),
            "movements": list(StockMovement.objects.values_list("pk", flat=True)),
            "signed": list(SessionRecord.objects.filter(status="signed").values_list("pk", flat=True)),
            "audit_rows": AuditEvent.objects.count(),
            "problems": {
                "integrity": _integrity(),
                "stock": _stock_problems(),
                "records": _record_problems(),
                "audit lines": _audit_problems(),
                "audit chains": [
                    f"chain {c.chain} breaks at {c.broken_at}: {c.reason}" for c in trail.broken
                ],
                "audit checkpoint": [f"chain {f.chain}: {f.problem}" for f in findings],
            },
        }
        checkpoint_write()
    print(json.dumps(answer))  # noqa: T201
