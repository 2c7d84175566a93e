"""The patient's treatment history: the signed sessions, newest first, one page at a time, each
with a small map of every view charted, and the cumulative volume per product and region over
every signed session.

The query count does not grow with the sessions: the page of records is one query, their
marks three (points, areas, sites), and the totals four aggregates (points, areas and sites
summed in the database by syringe and region, and the syringes' lots). A syringe mixing
several products shares each mark's volume between them in proportion to the volumes drawn.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.utils.translation import gettext

from mesodesk.charting.bodymap import VIEW_BY_CODE
from mesodesk.charting.models import (
    InjectionPoint,
    NappageArea,
    PerfusionSite,
    RecordStatus,
    SessionRecord,
    SyringeLot,
)
from mesodesk.charting.printing import MapShown, maps_of, shown_marks
from mesodesk.charting.selectors import Mark, mark_volume
from mesodesk.patients.models import Patient

PAGE_SIZE = 12
_MARK_MODELS = (InjectionPoint, NappageArea, PerfusionSite)


@dataclass(frozen=True)
class SessionShown:
    record: SessionRecord
    maps: list[MapShown]
    injections: int
    volume_ml: Decimal


@dataclass(frozen=True)
class VolumeRow:
    product: str
    region: str
    volume_ml: Decimal


@dataclass(frozen=True)
class TreatmentHistory:
    page: Page[Any]
    sessions: list[SessionShown]
    volumes: list[VolumeRow]
    totals: list[VolumeRow]  # per product, every region together


def _signed(patient: Patient) -> Any:
    return SessionRecord.objects.filter(patient=patient, status=RecordStatus.SIGNED)


def _sessions(records: list[SessionRecord]) -> list[SessionShown]:
    marks: dict[int, list[Mark]] = defaultdict(list)
    for model in _MARK_MODELS:
        for mark in model.objects.filter(record__in=records).order_by("id"):
            marks[mark.record_id].append(mark)
    shown = []
    for record in records:
        own = shown_marks(marks[record.pk])
        volume = sum((mark_volume(m.mark) for m in own), start=Decimal(0))
        shown.append(SessionShown(record, maps_of(own), len(own), volume))
    return shown


def _region_label(view: str, region: str) -> str:
    shown = VIEW_BY_CODE.get(view)
    found = next((r for r in shown.regions if r.code == region), None) if shown else None
    return f"{shown.label} · {found.label}" if shown and found else f"{view} · {region}"


def _volumes(patient: Patient) -> tuple[list[VolumeRow], list[VolumeRow]]:
    records = _signed(patient)
    site_volume = ExpressionWrapper(
        F("rate_ml_per_hour") * F("duration_min") / 60,
        output_field=DecimalField(max_digits=12, decimal_places=3),
    )
    by_place: list[tuple[int | None, str, str, Decimal]] = []
    for model, summed in (
        (InjectionPoint, F("volume_ml")), (NappageArea, F("total_volume_ml")), (PerfusionSite, site_volume),
    ):  # fmt: skip
        sums = (
            model.objects.filter(record__in=records)
            .values("syringe_id", "view", "region")
            .annotate(total=Sum(summed))
            .order_by()
        )
        by_place += [(r["syringe_id"], r["view"], r["region"], Decimal(r["total"] or 0)) for r in sums]
    drawn: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    for line in SyringeLot.objects.filter(record__in=records).values(
        "syringe_id", "lot__product__name", "volume_ml"
    ):
        drawn[line["syringe_id"]].append((line["lot__product__name"], Decimal(line["volume_ml"])))
    cells: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    unknown = gettext("No syringe recorded")
    for syringe_id, view, region, volume in by_place:
        lots = drawn.get(syringe_id, []) if syringe_id is not None else []
        whole = sum((v for _, v in lots), start=Decimal(0))
        place = _region_label(view, region)
        if not lots or whole <= 0:
            cells[(unknown, place)] += volume
            continue
        for product, part in lots:
            cells[(product, place)] += volume * part / whole
    rows = [VolumeRow(p, r, v.quantize(Decimal("0.001"))) for (p, r), v in sorted(cells.items())]
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[row.product] += row.volume_ml
    return rows, [VolumeRow(p, "", v) for p, v in sorted(totals.items())]


def treatment_history(patient: Patient, page_number: Any = 1) -> TreatmentHistory:
    records = (
        _signed(patient).select_related("clinician", "appointment").order_by("-appointment__start", "-pk")
    )
    page = Paginator(records, PAGE_SIZE).get_page(page_number)
    volumes, totals = _volumes(patient)
    return TreatmentHistory(page=page, sessions=_sessions(list(page)), volumes=volumes, totals=totals)
