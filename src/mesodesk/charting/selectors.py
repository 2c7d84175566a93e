"""Reads of session records, and the chart check run over a record as it stands."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.charting.bodymap import VIEW_BY_CODE
from mesodesk.charting.models import (
    Amendment,
    InjectionPoint,
    NappageArea,
    PerfusionSite,
    RecordStatus,
    SessionRecord,
    Syringe,
    SyringeLot,
)
from mesodesk.clinic.charting import Chart, ChartCheck, Point, Product, check_chart
from mesodesk.clinic.findings import ChartFinding
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.selectors import history_get

Mark = InjectionPoint | NappageArea | PerfusionSite


def _records() -> QuerySet[SessionRecord]:
    return SessionRecord.objects.select_related("patient", "clinician", "signed_by", "appointment")


def record_get(record_id: int) -> SessionRecord:
    """The record of the active clinic, or 404: another clinic's does not exist in its scope,
    so "missing" and "not yours" are the same answer."""
    return get_object_or_404(_records(), pk=record_id)


def record_read(*, user: Actor, record_id: int) -> SessionRecord:
    """record_get, with the read of the patient's record in the audit trail."""
    record = record_get(record_id)
    audit_by(
        user, AuditAction.READ, clinic_id=record.clinic_id, patient_id=record.patient_id,
        object_type="session_record", object_id=record.pk,
    )  # fmt: skip
    return record


def record_for_appointment(appointment_id: int) -> SessionRecord | None:
    return _records().filter(appointment_id=appointment_id).first()


def last_signed_record(record: SessionRecord) -> SessionRecord | None:
    """The patient's signed session before this one (by the appointments' start), if any."""
    return (
        SessionRecord.objects.filter(
            patient_id=record.patient_id,
            status=RecordStatus.SIGNED,
            appointment__start__lt=record.appointment.start,
        )
        .exclude(pk=record.pk)
        .order_by("-appointment__start", "-pk")
        .first()
    )


def syringes_of(record: SessionRecord) -> list[Syringe]:
    lots = SyringeLot.objects.select_related("lot__product", "movement").order_by("id")
    return list(Syringe.objects.filter(record=record).prefetch_related(Prefetch("lots", queryset=lots)))


def marks_of(record: SessionRecord) -> list[Mark]:
    """Points, then areas, then sites, each in the order charted: the order the check numbers them."""
    marks: list[Mark] = []
    for model in (InjectionPoint, NappageArea, PerfusionSite):
        marks.extend(model.objects.filter(record=record).select_related("syringe").order_by("id"))
    return marks


def amendments_of(record: SessionRecord) -> QuerySet[Amendment]:
    return Amendment.objects.filter(record=record).select_related("by").order_by("at", "id")


@dataclass(frozen=True)
class RecordCheck:
    """The chart check of a record: its findings, each tied to the mark or the lot it is about."""

    check: ChartCheck
    marks: list[Mark]
    lots: list[SyringeLot]

    @property
    def ok(self) -> bool:
        return self.check.ok

    def about(self, finding: ChartFinding) -> Mark | SyringeLot | None:
        if finding.point is not None:
            return self.marks[finding.point]
        if finding.product is not None:
            return self.lots[finding.product]
        return None

    def findings_for(self, mark: Mark) -> list[ChartFinding]:
        return [f for f in self.check.findings if f.point is not None and self.marks[f.point] is mark]


def _as_point(mark: Mark) -> Point:
    view = VIEW_BY_CODE[mark.view]
    if isinstance(mark, NappageArea):
        x, y = mark.centre()
        volume = float(mark.total_volume_ml)
        technique = "nappage"
    else:
        x, y = mark.x, mark.y
        volume = float(mark.volume_ml)
        technique = "mesoperfusion" if isinstance(mark, PerfusionSite) else mark.technique
    x_cm, y_cm = view.to_cm(x, y)
    return Point(
        technique=technique, depth_mm=float(mark.depth_mm), volume_ml=volume,
        needle_gauge=mark.needle_gauge, needle_length_mm=float(mark.needle_length_mm),
        x_cm=x_cm, y_cm=y_cm, region=f"{mark.view}:{mark.region}",
    )  # fmt: skip


def record_check(record: SessionRecord, syringes: list[Syringe] | None = None) -> RecordCheck:
    """The clinical core's chart check over the record: its lots (expiry on the session's day,
    oily products, the patient's allergies) and every point, area and site."""
    kb = load_knowledge()
    lots = [line for syringe in (syringes if syringes is not None else syringes_of(record))
            for line in syringe.lots.all()]  # fmt: skip
    marks = marks_of(record)
    products = tuple(
        Product(
            formulation=line.lot.product.formulation or None,
            ingredients=frozenset(line.lot.product.ingredients),
            lot=line.lot.number,
            expires=line.lot.expires,
            oily=line.lot.product.oily,
        )  # fmt: skip
        for line in lots
    )
    allergies = frozenset(a for a in history_get(record.patient).allergies if a in kb.ingredient_codes)
    chart = Chart(
        date=timezone.localtime(record.appointment.start).date(), allergies=allergies, products=products,
        points=tuple(_as_point(mark) for mark in marks),
    )  # fmt: skip
    return RecordCheck(check_chart(chart, kb), marks, lots)


def mark_volume(mark: Mark) -> Decimal:
    if isinstance(mark, NappageArea):
        return Decimal(mark.total_volume_ml)
    if isinstance(mark, PerfusionSite):
        return Decimal(str(round(mark.volume_ml, 3)))
    return Decimal(mark.volume_ml)


@dataclass(frozen=True)
class SyringeBalance:
    """What a syringe was drawn with against what its points, areas and sites say was injected."""

    syringe: Syringe
    drawn_ml: Decimal
    injected_ml: Decimal

    @property
    def over(self) -> bool:
        return self.injected_ml > self.drawn_ml


def syringe_balances(syringes: list[Syringe], marks: list[Mark]) -> list[SyringeBalance]:
    injected: dict[int, Decimal] = {}
    for mark in marks:
        if mark.syringe_id is not None:
            injected[mark.syringe_id] = injected.get(mark.syringe_id, Decimal(0)) + mark_volume(mark)
    return [
        SyringeBalance(s, sum((Decimal(line.volume_ml) for line in s.lots.all()), Decimal(0)),
                       injected.get(s.pk, Decimal(0)))
        for s in syringes
    ]  # fmt: skip
