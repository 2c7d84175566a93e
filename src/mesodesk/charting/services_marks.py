"""Writes of a draft record's syringes and marks: injection points, nappage areas, perfusion sites.

Each write re-reads the record under lock (services.draft_locked), so a signed record refuses
them all; the database refuses them too (migration 0002). Techniques are the knowledge base's
codes; a mark's region is the body map's, found from where it was placed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.charting.bodymap import SIZE, VIEW_BY_CODE
from mesodesk.charting.models import (
    InjectionPoint,
    NappageArea,
    PerfusionSite,
    SessionRecord,
    Syringe,
    SyringeLot,
)
from mesodesk.charting.services import draft_locked
from mesodesk.inventory.models import Lot
from mesodesk.knowledge.loader import load_knowledge

MAX_LOTS_PER_SYRINGE = 6
MAX_AREA_CORNERS = 40
# Techniques placed as a point; nappage is an area and mesoperfusion a site.
POINT_TECHNIQUES = ("epidermal", "papule", "point_by_point", "mps")


def _audit(by: Actor, record: SessionRecord, what: str, pk: int, action: str) -> None:
    audit_by(
        by, AuditAction.UPDATE, clinic_id=record.clinic_id, patient_id=record.patient_id,
        object_type="session_record", object_id=record.pk, detail={what: pk, "action": action},
    )  # fmt: skip


def _placed(view: str, x: float, y: float) -> str:
    """The region under (x, y) on the view, or a refusal naming the field."""
    if view not in VIEW_BY_CODE:
        raise ValidationError({"view": gettext("Unknown view of the body map.")})
    for name, value in (("x", x), ("y", y)):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= SIZE:
            raise ValidationError({name: gettext("Give a position between 0 and 100.")})
    region = VIEW_BY_CODE[view].region_at(x, y)
    if region is None:
        raise ValidationError({"x": gettext("Place it on a region of the map.")})
    return region.code


def _syringe_of(record: SessionRecord, syringe: Syringe | None) -> Syringe | None:
    if syringe is not None and syringe.record_id != record.pk:
        raise ValidationError({"syringe": gettext("This syringe belongs to another session.")})
    return syringe


def syringe_add(*, record: SessionRecord, by: Actor, label: str, lots: list[tuple[Lot, Decimal]]) -> Syringe:
    """A syringe and what it was drawn from: one or more lots of the clinic, each with its volume.
    Nothing leaves the stock now; the draws are made at signing."""
    label = label.strip()
    if not label:
        raise ValidationError({"label": gettext("Name the syringe (A, B…).")})
    if not lots:
        raise ValidationError({"lots": gettext("Draw the syringe from at least one lot.")})
    if len(lots) > MAX_LOTS_PER_SYRINGE:
        raise ValidationError(
            {"lots": gettext("At most %(count)d lots in a syringe.") % {"count": MAX_LOTS_PER_SYRINGE}}
        )
    with transaction.atomic():
        locked = draft_locked(record, by)
        if any(lot.clinic_id != locked.clinic_id for lot, _ in lots):
            raise ValidationError({"lots": gettext("No such lot in this clinic.")})
        if Syringe.objects.filter(record=locked, label=label).exists():
            raise ValidationError({"label": gettext("This session already has a syringe of this name.")})
        syringe = Syringe(clinic_id=locked.clinic_id, record=locked, label=label)
        syringe.full_clean()
        syringe.save(force_insert=True)
        for lot, volume in lots:
            line = SyringeLot(
                clinic_id=locked.clinic_id, record=locked, syringe=syringe, lot=lot, volume_ml=volume
            )
            line.full_clean(exclude=["movement"])
            line.save(force_insert=True)
        _audit(by, locked, "syringe", syringe.pk, "add")
    return syringe


def syringe_remove(*, syringe: Syringe, by: Actor) -> None:
    """A syringe charted by mistake; its points, areas and sites keep their place without it."""
    with transaction.atomic():
        locked = draft_locked(syringe.record, by)
        for model in (InjectionPoint, NappageArea, PerfusionSite):
            for mark in model.objects.filter(record=locked, syringe=syringe):
                mark.syringe = None
                mark.save(update_fields=["syringe"])
        for line in SyringeLot.objects.filter(syringe=syringe):
            line.delete()
        syringe.delete()
        _audit(by, locked, "syringe", syringe.pk, "remove")


def _technique(code: str, allowed: tuple[str, ...]) -> str:
    if code not in load_knowledge().technique_by_code or code not in allowed:
        raise ValidationError({"technique": gettext("Choose a technique from the list.")})
    return code


def point_add(*, record: SessionRecord, by: Actor, view: str, x: float, y: float, technique: str,
              depth_mm: Decimal, needle_length_mm: Decimal, volume_ml: Decimal,
              needle_gauge: int | None = None, syringe: Syringe | None = None) -> InjectionPoint:  # fmt: skip
    """A point where the needle went in, with its technique, depth, needle and volume. The chart
    check judges it (a depth outside the technique is an error that blocks signing, not a refusal)."""
    region = _placed(view, x, y)
    with transaction.atomic():
        locked = draft_locked(record, by)
        point = InjectionPoint(
            clinic_id=locked.clinic_id, record=locked, view=view, x=x, y=y, region=region,
            technique=_technique(technique, POINT_TECHNIQUES), depth_mm=depth_mm,
            needle_gauge=needle_gauge, needle_length_mm=needle_length_mm, volume_ml=volume_ml,
            syringe=_syringe_of(locked, syringe),
        )  # fmt: skip
        point.full_clean()
        point.save(force_insert=True)
        _audit(by, locked, "point", point.pk, "add")
    return point


POINT_FIELDS = ("x", "y", "technique", "depth_mm", "needle_gauge", "needle_length_mm", "volume_ml", "syringe")


def point_update(*, point: InjectionPoint, by: Actor, **fields: Any) -> InjectionPoint:
    """A point moved (x, y) or corrected (any of its fields) while the record is a draft."""
    unknown = set(fields) - set(POINT_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: gettext("Unknown field.")})
    with transaction.atomic():
        locked = draft_locked(point.record, by)
        current = InjectionPoint.objects.select_for_update().get(pk=point.pk)
        for name, value in fields.items():
            setattr(current, name, value)
        current.region = _placed(current.view, current.x, current.y)
        current.technique = _technique(current.technique, POINT_TECHNIQUES)
        _syringe_of(locked, current.syringe)
        current.full_clean()
        current.save()
        _audit(by, locked, "point", current.pk, "move" if set(fields) <= {"x", "y"} else "update")
    return current


def point_move(*, point: InjectionPoint, by: Actor, x: float, y: float) -> InjectionPoint:
    return point_update(point=point, by=by, x=x, y=y)


def mark_remove(*, mark: InjectionPoint | NappageArea | PerfusionSite, by: Actor) -> None:
    """A point, area or site charted by mistake, while the record is a draft."""
    with transaction.atomic():
        locked = draft_locked(mark.record, by)
        pk = mark.pk
        mark.delete()
        _audit(by, locked, type(mark).__name__.lower(), pk, "remove")


def area_add(*, record: SessionRecord, by: Actor, view: str, polygon: list[list[float]],
             depth_mm: Decimal, needle_length_mm: Decimal, pricks_per_second: Decimal,
             total_volume_ml: Decimal, needle_gauge: int | None = None,
             syringe: Syringe | None = None) -> NappageArea:  # fmt: skip
    """An area treated by nappage: its outline on the view, pace, total volume, depth and needle."""
    if not isinstance(polygon, list) or not 3 <= len(polygon) <= MAX_AREA_CORNERS:
        raise ValidationError({"polygon": gettext("Outline the area with 3 to 40 corners.")})
    corners = []
    for corner in polygon:
        if not isinstance(corner, list | tuple) or len(corner) != 2:
            raise ValidationError({"polygon": gettext("Each corner is a pair of positions.")})
        for value in corner:
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= SIZE:
                raise ValidationError({"polygon": gettext("Give a position between 0 and 100.")})
        corners.append([float(corner[0]), float(corner[1])])
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    region = _placed(view, sum(xs) / len(xs), sum(ys) / len(ys))
    with transaction.atomic():
        locked = draft_locked(record, by)
        area = NappageArea(
            clinic_id=locked.clinic_id, record=locked, view=view, polygon=corners, region=region,
            technique="nappage", depth_mm=depth_mm, needle_gauge=needle_gauge,
            needle_length_mm=needle_length_mm, pricks_per_second=pricks_per_second,
            total_volume_ml=total_volume_ml, syringe=_syringe_of(locked, syringe),
        )  # fmt: skip
        area.full_clean()
        area.save(force_insert=True)
        _audit(by, locked, "area", area.pk, "add")
    return area


def site_add(*, record: SessionRecord, by: Actor, view: str, x: float, y: float, depth_mm: Decimal,
             needle_length_mm: Decimal, duration_min: int, rate_ml_per_hour: Decimal,
             needle_gauge: int | None = None, syringe: Syringe | None = None) -> PerfusionSite:  # fmt: skip
    """A mesoperfusion site: where, how deep, for how long and at what rate."""
    region = _placed(view, x, y)
    with transaction.atomic():
        locked = draft_locked(record, by)
        site = PerfusionSite(
            clinic_id=locked.clinic_id, record=locked, view=view, x=x, y=y, region=region,
            technique="mesoperfusion", depth_mm=depth_mm, needle_gauge=needle_gauge,
            needle_length_mm=needle_length_mm, duration_min=duration_min,
            rate_ml_per_hour=rate_ml_per_hour, syringe=_syringe_of(locked, syringe),
        )  # fmt: skip
        site.full_clean()
        site.save(force_insert=True)
        _audit(by, locked, "site", site.pk, "add")
    return site
