"""Session records over HTTP, scoped to the caller's clinic; mounted (with authentication) by api/urls.py.

Read a record (its marks, syringes and the chart check's findings, with the contract's codes),
list and add points while it is a draft, sign it, amend it. A signed record answers 409 to any
change; another clinic's record or appointment is a 404, like a missing one."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from mesodesk.accounts.access import has_role
from mesodesk.accounts.api_schemas import DetailOut, ErrorOut, Strict
from mesodesk.accounts.http import ClinicRequest, api_member
from mesodesk.accounts.models import Role
from mesodesk.charting.bodymap import VIEW_BY_CODE
from mesodesk.charting.models import Amendment, InjectionPoint, RecordLocked, SessionRecord
from mesodesk.charting.selectors import (
    amendments_of,
    record_check,
    record_get,
    record_read,
    syringe_balances,
    syringes_of,
)
from mesodesk.charting.services import amendment_add, record_open, record_sign
from mesodesk.charting.services_marks import point_add
from mesodesk.clinic.errors import InputError
from mesodesk.scheduling.selectors import appointment_get

router = Router(tags=["session records"])
router.add_decorator(api_member("patients"))

LOCKED = {"detail": "the session record is signed: it never changes; add an amendment"}
ViewCode = str


class PointIn(Strict):
    view: ViewCode = Field(max_length=20, description="face_front, scalp_top or abdomen")
    x: float = Field(ge=0, le=100, description="Across the view, 0 (left) to 100 (right)")
    y: float = Field(ge=0, le=100, description="Down the view, 0 (top) to 100 (bottom)")
    technique: str = Field(max_length=30, description="epidermal, papule, point_by_point or mps")
    depth_mm: float = Field(ge=0.1, le=50)
    needle_gauge: int | None = Field(None, ge=10, le=40)
    needle_length_mm: float = Field(ge=1, le=100)
    volume_ml: float = Field(ge=0.001, le=10)
    syringe: int | None = Field(None, ge=1, description="A syringe of this record, by id")


class PointOut(Schema):
    id: int
    view: str
    region: str
    x: float
    y: float
    technique: str
    depth_mm: float
    needle_gauge: int | None
    needle_length_mm: float
    volume_ml: float
    syringe: int | None = Field(None, alias="syringe_id")


class SyringeLotOut(Schema):
    lot: str
    product: str
    expires: datetime.date
    volume_ml: float
    units_drawn: int = Field(description="Units taken from stock at signing; 0 while a draft")


class SyringeOut(Schema):
    id: int
    label: str
    lots: list[SyringeLotOut]
    drawn_ml: float = Field(description="The volume drawn into the syringe, over its lots")
    injected_ml: float = Field(description="The volume its points, areas and sites say was injected")


class FindingOut(Schema):
    code: str
    severity: str
    message: str
    sources: list[str]
    point: int | None = Field(None, description="Index in the record's marks: points, then areas, then sites")
    product: int | None = Field(None, description="Index in the record's syringe lots")


class AmendmentOut(Schema):
    id: int
    at: datetime.datetime
    by: str
    reason: str
    change: str

    @staticmethod
    def resolve_by(a: Amendment) -> str:
        return a.by.get_username()

    @staticmethod
    def resolve_at(a: Amendment) -> datetime.datetime:
        return timezone.localtime(a.at)


class RecordOut(Schema):
    id: int
    appointment: int
    patient: str
    clinician: str
    status: str = Field(description="draft or signed")
    signed_at: datetime.datetime | None
    signed_by: str | None
    checklist: dict[str, Any]
    delivery: str
    gun_model: str
    bleeding: str
    pain: int | None
    aftercare: list[str]
    syringes: list[SyringeOut]
    points: list[PointOut]
    ok: bool = Field(description="No error in the chart check: the record may be signed")
    findings: list[FindingOut]
    amendments: list[AmendmentOut]


class SignIn(Strict):
    password: str = Field(min_length=1, max_length=200, description="The signing clinician's password")


class AmendmentIn(Strict):
    reason: str = Field(min_length=1, max_length=500)
    change: str = Field(min_length=1, max_length=4000)


def _record_out(record: SessionRecord) -> dict[str, Any]:
    syringes = syringes_of(record)
    checked = record_check(record, syringes)
    balances = {b.syringe.pk: b for b in syringe_balances(syringes, checked.marks)}
    return {
        "id": record.pk, "appointment": record.appointment_id, "patient": record.patient.pseudonym,
        "clinician": record.clinician.get_username(), "status": record.status,
        "signed_at": timezone.localtime(record.signed_at) if record.signed_at else None,
        "signed_by": record.signed_by.get_username() if record.signed_by else None,
        "checklist": {
            "screening_current": record.screening_current, "consent_in_force": record.consent_in_force,
            "precare_followed": record.precare_followed, "bruising_resolved": record.bruising_resolved,
            "gloves_worn": record.gloves_worn, "disinfectant": record.disinfectant,
        },
        "delivery": record.delivery, "gun_model": record.gun_model, "bleeding": record.bleeding,
        "pain": record.pain, "aftercare": list(record.aftercare),
        "syringes": [
            {"id": s.pk, "label": s.label, "lots": [
                {"lot": line.lot.number, "product": line.lot.product.name, "expires": line.lot.expires,
                 "volume_ml": float(line.volume_ml), "units_drawn": line.units_drawn}
                for line in s.lots.all()
            ], "drawn_ml": float(balances[s.pk].drawn_ml), "injected_ml": float(balances[s.pk].injected_ml)}
            for s in syringes
        ],
        "points": [m for m in checked.marks if isinstance(m, InjectionPoint)],
        "ok": checked.ok,
        "findings": [f.to_dict() for f in checked.check.findings],
        "amendments": list(amendments_of(record)),
    }  # fmt: skip


def _clinician_only(request: ClinicRequest) -> None:
    if not has_role(request, Role.CLINICIAN):
        raise HttpError(403, "Only a clinician charts a session")


@router.post(
    "/appointments/{appointment_id}/record",
    response={201: RecordOut, 403: DetailOut, 404: DetailOut, 422: ErrorOut},
)
def open_record(request: ClinicRequest, appointment_id: int) -> Status[Any]:
    _clinician_only(request)
    record = record_open(appointment=appointment_get(appointment_id), by=request.user)
    return Status(201, _record_out(record_get(record.pk)))


@router.get("/records/{record_id}", response={200: RecordOut, 404: DetailOut})
def read_record(request: ClinicRequest, record_id: int) -> dict[str, Any]:
    return _record_out(record_read(user=request.user, record_id=record_id))


@router.get("/records/{record_id}/points", response={200: list[PointOut], 404: DetailOut})
def list_points(request: ClinicRequest, record_id: int) -> list[InjectionPoint]:
    record = record_read(user=request.user, record_id=record_id)
    return list(InjectionPoint.objects.filter(record=record).order_by("id"))


@router.post(
    "/records/{record_id}/points",
    response={201: PointOut, 403: DetailOut, 404: DetailOut, 409: DetailOut, 422: ErrorOut},
)
def add_point(request: ClinicRequest, record_id: int, payload: PointIn) -> Status[Any]:
    _clinician_only(request)
    record = record_get(record_id)
    if payload.view not in VIEW_BY_CODE:
        raise InputError("view", "must be one of " + ", ".join(VIEW_BY_CODE))
    syringe = None
    if payload.syringe is not None:
        syringe = next((s for s in syringes_of(record) if s.pk == payload.syringe), None)
        if syringe is None:
            raise InputError("syringe", "no such syringe in this record")
    try:
        point = point_add(
            record=record, by=request.user, view=payload.view, x=payload.x, y=payload.y,
            technique=payload.technique, depth_mm=Decimal(str(payload.depth_mm)),
            needle_gauge=payload.needle_gauge, needle_length_mm=Decimal(str(payload.needle_length_mm)),
            volume_ml=Decimal(str(payload.volume_ml)), syringe=syringe,
        )  # fmt: skip
    except RecordLocked:
        return Status(409, LOCKED)
    return Status(201, point)


@router.post(
    "/records/{record_id}/sign",
    response={200: RecordOut, 403: DetailOut, 404: DetailOut, 409: DetailOut, 422: ErrorOut},
)
def sign_record(request: ClinicRequest, record_id: int, payload: SignIn) -> Status[Any]:
    _clinician_only(request)
    record = record_get(record_id)
    try:
        signed = record_sign(record=record, by=request.user, password=payload.password)
    except RecordLocked:
        return Status(409, LOCKED)
    return Status(200, _record_out(record_get(signed.pk)))


@router.post(
    "/records/{record_id}/amendments",
    response={201: AmendmentOut, 403: DetailOut, 404: DetailOut, 422: ErrorOut},
)
def amend_record(request: ClinicRequest, record_id: int, payload: AmendmentIn) -> Status[Any]:
    _clinician_only(request)
    with transaction.atomic():
        amendment = amendment_add(
            record=record_get(record_id), by=request.user, reason=payload.reason, change=payload.change
        )
    return Status(201, amendment)
