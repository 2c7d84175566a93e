"""Patients over HTTP, scoped to the caller's clinic and audited like the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError as ModelValidationError
from django.db import transaction
from django.http import HttpRequest
from django_scopes import scope
from ninja import Query, Router, Status
from ninja.errors import HttpError
from pydantic import Field

from mesodesk.accounts.roles import may_open
from mesodesk.api.auth import MemberSessionAuth, TokenAuth
from mesodesk.api.errors import input_error_from
from mesodesk.api.schemas import (
    ErrorOut,
    HistoryIn,
    HistoryOut,
    PatientIn,
    PatientOut,
    PatientPatch,
    PatientScreeningOut,
    QueryParameters,
)
from mesodesk.clinic import fields
from mesodesk.clinic.errors import InputError
from mesodesk.clinic.rulebook import load_rulebook
from mesodesk.patients.history import HistoryAnswers, history_of, history_update
from mesodesk.patients.intake_text import AREAS
from mesodesk.patients.models import Patient
from mesodesk.patients.screening import patient_screening
from mesodesk.patients.selectors import patient_get_for_user, patient_search
from mesodesk.patients.services import patient_create, patient_update

router = Router(tags=["patients"], auth=[TokenAuth(), MemberSessionAuth()])


class PatientFilter(QueryParameters):
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
        "email": patient.email,
        "phone": patient.phone,
        "preferred_language": patient.preferred_language,
        "notes": patient.notes,
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
            raise input_error_from(exc) from None
    return Status(201, _out(patient))


def _patient(request: HttpRequest, patient_id: str) -> Patient:
    return patient_get_for_user(user=request.user, patient_pseudonym=patient_id)


@router.patch("/patients/{patient_id}", response={200: PatientOut, 404: dict[str, str], 422: ErrorOut})
def update_patient(request: HttpRequest, patient_id: str, payload: PatientPatch) -> dict[str, Any]:
    membership = _member(request)
    changes = payload.model_dump(exclude_unset=True)
    if "date_of_birth" in changes:
        try:
            changes["date_of_birth"] = datetime.date.fromisoformat(changes["date_of_birth"] or "")
        except ValueError:
            raise InputError("date_of_birth", "must be a date as YYYY-MM-DD") from None
    with scope(clinic=membership.clinic), transaction.atomic():
        patient = _patient(request, patient_id)
        try:
            patient = patient_update(patient=patient, actor=request.user, **changes)
        except ModelValidationError as exc:
            raise input_error_from(exc) from None
        return _out(patient)


def _history_out(patient: Patient) -> dict[str, Any]:
    history = history_of(patient)
    return {
        "version": history.version,
        "conditions": history.conditions,
        "allergies": history.allergies,
        "unreviewed_allergies": [a.text for a in patient.reported_allergies.filter(reviewed_at__isnull=True)],
        "medications": history.medications,
        "other_medications": history.other_medications,
        "breastfeeding": history.breastfeeding,
        "hair_loss_onset_months": history.hair_loss_onset_months,
        "expects_quick_results": history.expects_quick_results,
        "goals": history.goals,
        "areas": history.areas,
    }


@router.get("/patients/{patient_id}/history", response={200: HistoryOut, 404: dict[str, str]})
def read_history(request: HttpRequest, patient_id: str) -> dict[str, Any]:
    membership = _member(request)
    with scope(clinic=membership.clinic):
        return _history_out(_patient(request, patient_id))


@router.put("/patients/{patient_id}/history", response={200: HistoryOut, 404: dict[str, str], 422: ErrorOut})
def replace_history(request: HttpRequest, patient_id: str, payload: HistoryIn) -> dict[str, Any]:
    """The intake's answers, as staff or a clinic's system records them."""
    membership = _member(request)
    rules = load_rulebook()
    answers = HistoryAnswers(
        conditions=fields.codes(payload.conditions, "conditions", rules.condition_codes),
        allergies=fields.codes(payload.allergies, "allergies", rules.ingredient_codes),
        other_allergies=tuple(
            fields.text(t, f"other_allergies[{i}]", 200) for i, t in enumerate(payload.other_allergies)
        ),
        medications=fields.codes(payload.medications, "medications", rules.medications),
        other_medications=payload.other_medications.strip(),
        breastfeeding=payload.breastfeeding,
        hair_loss_onset_months=payload.hair_loss_onset_months,
        expects_quick_results=payload.expects_quick_results,
        goals=payload.goals.strip(),
        areas=tuple(fields.codes(payload.areas, "areas", AREAS)),
    )
    with scope(clinic=membership.clinic):
        patient = _patient(request, patient_id)
        history_update(
            patient=patient, answers=answers, actor_id=request.user.pk, actor=request.user.get_username()
        )
        return _history_out(patient)


class ScreeningQuery(QueryParameters):
    indication: str
    formulation: str = ""


@router.get(
    "/patients/{patient_id}/screening",
    response={200: PatientScreeningOut, 404: dict[str, str], 422: ErrorOut},
)
def read_screening(request: HttpRequest, patient_id: str, query: Query[ScreeningQuery]) -> dict[str, Any]:
    membership = _member(request)
    rules = load_rulebook()
    fields.code(query.indication, "indication", rules.indications)
    if query.formulation:
        fields.code(query.formulation, "formulation", rules.formulations)
    with scope(clinic=membership.clinic):
        result = patient_screening(
            patient=_patient(request, patient_id), indication=query.indication, formulation=query.formulation
        )
    return {
        "verdict": result.verdict,
        "findings": result.findings,
        "history_version": result.history_version,
        "blocked": result.blocked,
        "acknowledged": sorted(result.acknowledged),
    }
