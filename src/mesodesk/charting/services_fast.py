"""Fast charting: a draft filled from the patient's last signed session, or from a protocol's grid.

A 60-point scalp session is one action, not sixty. Both writes hold the draft's lock
(services.draft_locked), so a signed record refuses them, validate every mark before the
first is written (all or none), and write one audit line for the whole batch.
"""

from __future__ import annotations

from decimal import Decimal

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
)
from mesodesk.charting.selectors import last_signed_record, marks_of
from mesodesk.charting.services import draft_locked
from mesodesk.clinic.charting_grid import TEMPLATE_BY_CODE, grid_points

PLACED = ("view", "region", "technique", "depth_mm", "needle_gauge", "needle_length_mm")
COPIED: dict[type[InjectionPoint | NappageArea | PerfusionSite], tuple[str, ...]] = {
    InjectionPoint: (*PLACED, "x", "y", "volume_ml"),
    NappageArea: (*PLACED, "polygon", "pricks_per_second", "total_volume_ml"),
    PerfusionSite: (*PLACED, "x", "y", "duration_min", "rate_ml_per_hour"),
}


def _syringe_of(record: SessionRecord, syringe: Syringe | None) -> Syringe | None:
    if syringe is not None and syringe.record_id != record.pk:
        raise ValidationError({"syringe": gettext("This syringe belongs to another session.")})
    return syringe


def _audit(by: Actor, record: SessionRecord, detail: dict[str, object]) -> None:
    audit_by(
        by, AuditAction.UPDATE, clinic_id=record.clinic_id, patient_id=record.patient_id,
        object_type="session_record", object_id=record.pk, detail=detail,
    )  # fmt: skip


def record_repeat_last(*, record: SessionRecord, by: Actor, syringe: Syringe | None = None) -> int:
    """The last signed session's points, areas and sites, copied into this draft as they were
    (place, technique, depth, needle, volume), drawn from `syringe` if given, else from none: the
    syringes are new, chosen for this session. Refused when the draft already has marks (a
    second click would double them) or when the patient has no signed session before this one.
    Returns how many marks were copied."""
    with transaction.atomic():
        locked = draft_locked(record, by)
        chosen = _syringe_of(locked, syringe)
        if marks_of(locked):
            raise ValidationError(
                {
                    "repeat": gettext(
                        "This session already has injections: remove them to repeat the last one."
                    )
                }
            )
        last = last_signed_record(locked)
        if last is None:
            raise ValidationError({"repeat": gettext("This patient has no signed session to repeat.")})
        copies: dict[type[InjectionPoint | NappageArea | PerfusionSite], list[object]] = {}
        for mark in marks_of(last):
            model = type(mark)
            copy = model(
                clinic_id=locked.clinic_id, record=locked, syringe=chosen,
                **{name: getattr(mark, name) for name in COPIED[model]},
            )  # fmt: skip
            copy.full_clean()
            copies.setdefault(model, []).append(copy)
        for model, rows in copies.items():
            # bulk_create skips RecordPart.save's check: the draft's lock above stands for it.
            model.objects.bulk_create(rows)  # type: ignore[arg-type]
        count = sum(len(rows) for rows in copies.values())
        _audit(by, locked, {"repeated_from": last.pk, "marks": count, "action": "repeat"})
    return count


def template_apply(
    *,
    record: SessionRecord,
    by: Actor,
    template: str,
    view: str,
    region: str,
    depth_mm: Decimal,
    needle_length_mm: Decimal,
    volume_ml: Decimal,
    needle_gauge: int | None = None,
    syringe: Syringe | None = None,
) -> int:
    """A protocol's grid over one region of a view: a point at every grid crossing inside the
    region, at the template's spacing (the sources' own figure) and technique, each with the
    depth, needle and volume given. The chart check judges them like any point. Returns how
    many points were placed."""
    grid = TEMPLATE_BY_CODE.get(template)
    if grid is None:
        raise ValidationError({"template": gettext("Choose a template from the list.")})
    shown = VIEW_BY_CODE.get(view)
    if shown is None:
        raise ValidationError({"view": gettext("Unknown view of the body map.")})
    area = next((r for r in shown.regions if r.code == region), None)
    if area is None:
        raise ValidationError({"region": gettext("Choose a region of this view.")})
    try:
        spots = grid_points(
            area.polygon, width_cm=shown.width_cm, height_cm=shown.height_cm,
            spacing_cm=grid.spacing_cm, size=SIZE,
        )  # fmt: skip
    except ValueError:
        raise ValidationError({"region": gettext("This region is too large for one grid.")}) from None
    with transaction.atomic():
        locked = draft_locked(record, by)
        chosen = _syringe_of(locked, syringe)
        points = []
        for x, y in spots:
            # A grid point on the region's own edge belongs to the region the map finds there.
            found = shown.region_at(x, y)
            point = InjectionPoint(
                clinic_id=locked.clinic_id, record=locked, view=view, x=x, y=y,
                region=found.code if found else region, technique=grid.technique, depth_mm=depth_mm,
                needle_gauge=needle_gauge, needle_length_mm=needle_length_mm, volume_ml=volume_ml,
                syringe=chosen,
            )  # fmt: skip
            point.full_clean()
            points.append(point)
        InjectionPoint.objects.bulk_create(points)
        _audit(by, locked, {"template": template, "view": view, "region": region,
                            "marks": len(points), "action": "template"})  # fmt: skip
    return len(points)
