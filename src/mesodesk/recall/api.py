"""The recall over HTTP: GET /recall with exactly one of lot, product or supplier. Another
clinic's lot or product, or a supplier the clinic never received from, is a 404. Names and
contacts go to the roles that open patients' records; a clinic's administrator gets pseudonyms."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Query, Router, Schema
from pydantic import Field

from mesodesk.accounts.api_schemas import MAX_ID, DetailOut, ErrorOut, QueryParameters
from mesodesk.accounts.http import ClinicRequest, api_member
from mesodesk.accounts.roles import may_open
from mesodesk.clinic.errors import InputError
from mesodesk.recall.selectors import RecallTarget, recall_rows, target_lot, target_product, target_supplier
from mesodesk.recall.services import recall_audit

router = Router(tags=["recall"])
router.add_decorator(api_member("inventory"))


class RecallQuery(QueryParameters):
    lot: int | None = Field(None, ge=1, le=MAX_ID, description="A lot's id")
    product: int | None = Field(None, ge=1, le=MAX_ID, description="A product's id: all its lots")
    supplier: str | None = Field(
        None, min_length=1, max_length=120, description="A supplier's name: all lots from it"
    )


class RecallRowOut(Schema):
    record_id: int
    patient_id: str = Field(description="The patient's pseudonymous id (P-…)")
    family_name: str | None = Field(description="Null for a role that sees no patient names")
    given_name: str | None
    phone: str | None
    email: str | None
    language: str | None = Field(description="en, fr or de; null without names")
    session_on: datetime.date
    clinician: str
    product: str
    lot_number: str
    volume_ml: Decimal


class RecallOut(Schema):
    kind: str
    label: str
    patients: int
    rows: list[RecallRowOut]


def _target(query: RecallQuery) -> RecallTarget:
    given = [name for name in ("lot", "product", "supplier") if getattr(query, name) is not None]
    if len(given) != 1:
        raise InputError("lot", "give exactly one of lot, product or supplier")
    if query.lot is not None:
        return target_lot(query.lot)
    if query.product is not None:
        return target_product(query.product)
    return target_supplier(query.supplier or "")


@router.get("/recall", response={200: RecallOut, 404: DetailOut, 422: ErrorOut})
def recall(request: ClinicRequest, query: Query[RecallQuery]) -> RecallOut:
    target = _target(query)
    rows = recall_rows(target)
    recall_audit(actor=request.user, clinic_id=request.clinic.pk, target=target, rows=rows, output="api")
    names = may_open(request.membership.role, "patients")
    return RecallOut(
        kind=target.kind,
        label=target.label,
        patients=len({row.patient_id for row in rows}),
        rows=[
            RecallRowOut(
                record_id=row.record_id,
                patient_id=row.pseudonym,
                family_name=row.family_name if names else None,
                given_name=row.given_name if names else None,
                phone=row.phone if names else None,
                email=row.email if names else None,
                language=row.language if names else None,
                session_on=datetime.date.fromisoformat(row.session_on),
                clinician=row.clinician,
                product=row.product,
                lot_number=row.lot_number,
                volume_ml=row.volume_ml,
            )
            for row in rows
        ],
    )
