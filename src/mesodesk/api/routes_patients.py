"""Patients over HTTP, scoped to the caller's clinic and audited like the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError as ModelValidationError
from django.http import HttpRequest
from django_scopes import scope
from ninja import Query, Router, Status
from ninja.errors import HttpError
from pydantic import Field

from mesodesk.accounts.roles import may_open
from mesodesk.api.auth import MemberSessionAuth, TokenAuth
from mesodesk.api.schemas import ErrorOut, PatientIn, PatientOut, Strict
from mesodesk.clinic.errors import InputError
from mesodesk.patients.models import Patient
from mesodesk.patients.selectors import patient_get_for_user, patient_search
from mesodesk.patients.services import patient_create

router = Router(tags=["patients"], auth=[TokenAuth(), MemberSessionAuth()])


class PatientFilter(Strict):
    q: str = Field("", max_length=100, description="Name, date of birth (YYYY-MM-DD) or id")
    offset: int = Field(0, ge=0)
    limit: int = Field(50, ge=1, le=200)


def _out(patient: Patient) -> dict[str, Any]:
    return {
        "id": patient.pseudonym,
        "family_name": patient.family_name,
        "given_name": patient.given_name,
        "date_of_birth": patient.date_of_birth,
        "sex": patient.sex,
    }


def _member(request: HttpRequest) -> Any:
    membership = getattr(request, "membership", None)
    if membership is None or not may_open(membership.role, "patients"):
        raise HttpError(403, "Your role cannot open patient records")
    return membership


@router.get("/patients", response={200: list[PatientOut], 422: ErrorOut})
def list_patients(request: HttpRequest, filters: Query[PatientFilter]) -> list[dict[str, Any]]:
    membership = _member(request)
    with scope(clinic=membership.clinic):
        patients = patient_search(query=filters.q)[filters.offset : filters.offset + filters.limit]
        return [_out(p) for p in patients]


@router.get("/patients/{patient_id}", response={200: PatientOut, 404: dict[str, str]})
def read_patient(request: HttpRequest, patient_id: str) -> dict[str, Any]:
    membership = _member(request)
    with scope(clinic=membership.clinic):
        return _out(patient_get_for_user(user=request.user, patient_pseudonym=patient_id))


@router.post("/patients", response={201: PatientOut, 422: ErrorOut})
def create_patient(request: HttpRequest, payload: PatientIn) -> Status[dict[str, Any]]:
    membership = _member(request)
    try:
        born = datetime.date.fromisoformat(payload.date_of_birth)
    except ValueError:
        raise InputError("date_of_birth", "must be a date as YYYY-MM-DD") from None
    with scope(clinic=membership.clinic):
        try:
            patient = patient_create(
                actor=request.user,
                clinic=membership.clinic,
                family_name=payload.family_name,
                given_name=payload.given_name,
                date_of_birth=born,
                sex=payload.sex,
            )
        except ModelValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            raise InputError(field, " ".join(messages)) from None
    return Status(201, _out(patient))
