"""Patients over HTTP, scoped to the caller's clinic and audited like the pages.

Mounted by api/urls.py, which adds the authentication; `api_member("patients")`
checks the role and opens the clinic scope for every route here."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.db import transaction
from django.http import HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from mesodesk.accounts.api_schemas import (
    DATE,
    SAYS_SOMETHING,
    DetailOut,
    ErrorOut,
    QueryParameters,
    SexCode,
    Strict,
    each_one_of,
    one_of,
    rendered,
    texts_say_no_nul,
)
from mesodesk.accounts.http import ClinicRequest, api_member
from mesodesk.clinic import fields
from mesodesk.clinic.errors import InputError
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.intake_text import AREAS
from mesodesk.patients.models import History, Patient
from mesodesk.patients.screening import PatientScreening, patient_screening
from mesodesk.patients.selectors import (
    history_get,
    patient_get_for_user,
    patient_record_for_user,
    patient_rows_read,
)
from mesodesk.patients.services import patient_create, patient_update

router = Router(tags=["patients"])
_KB = load_knowledge()
router.add_decorator(api_member("patients"))


class PatientIn(Strict):
    family_name: str = Field(min_length=1, max_length=100)
    given_name: str = Field(min_length=1, max_length=100)
    date_of_birth: str = Field(description="YYYY-MM-DD, not in the future", json_schema_extra=DATE)
    sex: SexCode = "unknown"


class PatientOut(Schema):
    id: str = Field(description="The patient's pseudonymous id (P-…)")
    family_name: str
    given_name: str
    date_of_birth: datetime.date
    sex: str
    email: str
    phone: str
    preferred_language: str
    notes: str

    @staticmethod
    def resolve_id(patient: Patient) -> str:
        return patient.pseudonym


def _null_not_taken(schema: dict[str, Any]) -> None:
    """A field of a change may be left out, not given as null: the document says so."""
    texts_say_no_nul(schema)
    for field in schema.get("properties", {}).values():
        kinds = [k for k in field.pop("anyOf", ()) if k.get("type") != "null"]
        if kinds:
            field.update(kinds[0])
        field.pop("default", None)
        if isinstance(field.get("enum"), list):
            field["enum"] = [v for v in field["enum"] if v is not None]


class PatientPatch(Strict):
    model_config = ConfigDict(strict=True, extra="forbid", json_schema_extra=_null_not_taken)

    family_name: str | None = Field(None, min_length=1, max_length=100)
    given_name: str | None = Field(None, min_length=1, max_length=100)
    date_of_birth: str | None = Field(
        None, description="YYYY-MM-DD, not in the future", json_schema_extra=DATE
    )
    sex: SexCode | None = None
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=30)
    preferred_language: Literal["en", "fr", "de"] | None = None
    notes: str | None = Field(None, max_length=5000)


class HistoryIn(Strict):
    conditions: list[str] = Field(
        default_factory=list,
        description="Condition codes (absolute or relative).",
        json_schema_extra=each_one_of(_KB.condition_codes),
    )
    allergies: list[str] = Field(
        default_factory=list,
        description="Ingredient codes.",
        json_schema_extra=each_one_of(_KB.ingredient_codes),
    )
    other_allergies: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Free text; reviewed later.",
        json_schema_extra={"items": {"type": "string", "pattern": SAYS_SOMETHING, "maxLength": 200}},
    )
    medications: list[str] = Field(
        default_factory=list,
        description="aspirin, nsaid, dipyridamole, anticoagulant",
        json_schema_extra=each_one_of(_KB.medication_by_code),
    )
    other_medications: str = Field("", max_length=2000)
    breastfeeding: bool = False
    hair_loss_onset_months: int | None = Field(None, ge=0, le=1560)
    expects_quick_results: bool = False
    goals: str = Field("", max_length=2000)
    areas: list[str] = Field(default_factory=list, max_length=20, json_schema_extra=each_one_of(AREAS))


class HistoryOut(Schema):
    version: int
    conditions: list[str]
    allergies: list[str]
    unreviewed_allergies: list[str]
    medications: list[str]
    other_medications: str
    breastfeeding: bool
    hair_loss_onset_months: int | None
    expects_quick_results: bool
    goals: str
    areas: list[str]

    @staticmethod
    def resolve_unreviewed_allergies(history: History) -> list[str]:
        return [a.text for a in history.patient.reported_allergies.all() if a.reviewed_at is None]


class ScreeningFindingOut(Schema):
    code: str
    severity: Literal["absolute", "relative", "advice"]
    message: str
    sources: list[str]


class PatientScreeningOut(Schema):
    verdict: Literal["contraindicated", "caution", "eligible"]
    findings: list[ScreeningFindingOut]
    history_version: int
    blocked: bool
    acknowledged: list[str]

    @staticmethod
    def resolve_acknowledged(screening: PatientScreening) -> list[str]:
        return sorted(screening.acknowledged)


class PatientFilter(QueryParameters):
    q: str = Field(
        "",
        max_length=100,
        description="Name, date of birth (YYYY-MM-DD), or an id or part of one (3 characters or more)",
    )
    offset: int = Field(0, ge=0, le=1_000_000)
    limit: int = Field(50, ge=1, le=200)


class ScreeningQuery(QueryParameters):
    indication: str = Field(max_length=60, json_schema_extra=one_of(_KB.indication_by_code))
    formulation: str = Field("", max_length=60, json_schema_extra=one_of([*_KB.formulation_by_code, ""]))


def _date_of_birth(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError("date_of_birth", "must be a date as YYYY-MM-DD") from None


@router.get("/patients", response={200: list[PatientOut], 422: ErrorOut})
def list_patients(request: ClinicRequest, filters: Query[PatientFilter]) -> HttpResponse:
    # Each record returned is a read of it, audited as the list page audits its names. The
    # rows are read as values and answered as PatientOut gives them, byte for byte
    # (tests/api/test_patient_list_answer.py), without a model or ninja's wrapper per field.
    # (No docstring: ninja would put it in the OpenAPI document, whose text is the contract.)
    rows = patient_rows_read(
        user=request.user,
        query=filters.q,
        offset=filters.offset,
        limit=filters.limit,
        where="api_patient_list",
    )
    return rendered(request, [{"id": row.pop("pseudonym"), **row} for row in rows])


@router.get("/patients/{patient_id}", response={200: PatientOut, 404: DetailOut})
def read_patient(request: ClinicRequest, patient_id: str) -> Patient:
    return patient_get_for_user(user=request.user, patient_pseudonym=patient_id)


class PatientRecordOut(Schema):
    patient: PatientOut
    history: HistoryOut


@router.get("/patients/{patient_id}/record", response={200: PatientRecordOut, 404: DetailOut})
def read_record(request: ClinicRequest, patient_id: str) -> dict[str, Any]:
    """The patient with their medical history, in one call and one audited read: what a screen
    that opens a patient needs, for the cost of one request."""
    patient, history = patient_record_for_user(user=request.user, patient_pseudonym=patient_id)
    return {"patient": patient, "history": history}


@router.post("/patients", response={201: PatientOut, 422: ErrorOut})
def create_patient(request: ClinicRequest, payload: PatientIn) -> Status[Patient]:
    patient = patient_create(
        actor=request.user,
        clinic=request.membership.clinic,
        family_name=payload.family_name,
        given_name=payload.given_name,
        date_of_birth=_date_of_birth(payload.date_of_birth),
        sex=payload.sex,
    )
    return Status(201, patient)


@router.patch("/patients/{patient_id}", response={200: PatientOut, 404: DetailOut, 422: ErrorOut})
def update_patient(request: ClinicRequest, patient_id: str, payload: PatientPatch) -> Patient:
    """Changes only the fields given; a field given as null is refused, not emptied."""
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise InputError(name, "cannot be null; leave it out to keep it")
    if "date_of_birth" in changes:
        changes["date_of_birth"] = _date_of_birth(changes["date_of_birth"])
    with transaction.atomic():
        patient = patient_get_for_user(user=request.user, patient_pseudonym=patient_id)
        return patient_update(patient=patient, actor=request.user, **changes)


@router.get("/patients/{patient_id}/history", response={200: HistoryOut, 404: DetailOut})
def read_history(request: ClinicRequest, patient_id: str) -> History:
    return history_get(patient_get_for_user(user=request.user, patient_pseudonym=patient_id))


@router.put("/patients/{patient_id}/history", response={200: HistoryOut, 404: DetailOut, 422: ErrorOut})
def replace_history(request: ClinicRequest, patient_id: str, payload: HistoryIn) -> History:
    """The intake's answers, as staff or a clinic's system records them."""
    kb = load_knowledge()
    answers = HistoryAnswers(
        conditions=fields.codes(payload.conditions, "conditions", kb.condition_codes),
        allergies=fields.codes(payload.allergies, "allergies", kb.ingredient_codes),
        other_allergies=tuple(
            fields.text(t, f"other_allergies[{i}]", 200) for i, t in enumerate(payload.other_allergies)
        ),
        medications=fields.codes(payload.medications, "medications", kb.medication_by_code),
        other_medications=payload.other_medications.strip(),
        breastfeeding=payload.breastfeeding,
        hair_loss_onset_months=payload.hair_loss_onset_months,
        expects_quick_results=payload.expects_quick_results,
        goals=payload.goals.strip(),
        areas=tuple(fields.codes(payload.areas, "areas", AREAS)),
    )
    patient = patient_get_for_user(user=request.user, patient_pseudonym=patient_id)
    return history_update(patient=patient, answers=answers, actor=request.user)


@router.get(
    "/patients/{patient_id}/screening",
    response={200: PatientScreeningOut, 404: DetailOut, 422: ErrorOut},
)
def read_screening(request: ClinicRequest, patient_id: str, query: Query[ScreeningQuery]) -> PatientScreening:
    kb = load_knowledge()
    fields.code(query.indication, "indication", kb.indication_by_code)
    if query.formulation:
        fields.code(query.formulation, "formulation", kb.formulation_by_code)
    return patient_screening(
        patient=patient_get_for_user(user=request.user, patient_pseudonym=patient_id),
        indication=query.indication,
        formulation=query.formulation,
    )
