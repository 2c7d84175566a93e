"""Outcome questionnaires over HTTP, scoped to the caller's clinic; mounted (with
authentication) by api/urls.py. Responses are patient records (`api_member("patients")`);
a clinician records the clinician-rated instruments. The instruments and schedules name no
patient (`api_member("outcomes")`). Another clinic's course or patient is a 404."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.params.functions import Path
from pydantic import Field

from mesodesk.accounts.api_schemas import DATE, MAX_ID, DetailOut, ErrorOut, Strict, one_of
from mesodesk.accounts.http import ClinicRequest, api_member
from mesodesk.accounts.models import Role
from mesodesk.clinic.errors import InputError
from mesodesk.clinic.outcome_schedule import TIMEPOINTS
from mesodesk.clinic.outcomes import BUILT_IN, Instrument
from mesodesk.courses.models import CourseSession
from mesodesk.outcomes.models import ClinicInstrument, OutcomeResponse, OutcomeSchedule, Timepoint
from mesodesk.outcomes.selectors import (
    DueItem,
    course_due,
    course_get_for_outcomes,
    instrument_get,
    instruments,
    patient_responses,
    protocol_known,
)
from mesodesk.outcomes.services import (
    clinic_instrument_create,
    outcome_response_record,
    outcome_schedule_save,
)
from mesodesk.patients.selectors import patient_get_for_user

router = Router(tags=["outcomes"])
router.add_decorator(api_member("patients"))
setup_router = Router(tags=["outcomes"])
setup_router.add_decorator(api_member("outcomes"))


class OutcomeResponseIn(Strict):
    course_id: int = Field(ge=1, le=MAX_ID, description="The course the answer belongs to")
    session_id: int | None = Field(None, ge=1, le=MAX_ID, description="The session it was rated at, if any")
    instrument: str = Field(max_length=60, description="A built-in instrument's code or the clinic's own")
    timepoint: str = Field(max_length=20, json_schema_extra=one_of(Timepoint.values))
    answers: dict[str, Any] = Field(description='{"value": a number, or a choice\'s code}')
    answered_on: str = Field(description="YYYY-MM-DD, not in the future", json_schema_extra=DATE)


class OutcomeResponseOut(Schema):
    id: int
    patient_id: str = Field(description="The patient's pseudonymous id (P-…)")
    course_id: int | None
    session_id: int | None
    instrument: str
    timepoint: str
    rater: str
    answers: dict[str, Any]
    score: float | None = Field(description="The numeric score, or null for a categorical result")
    category: str
    answered_on: datetime.date
    recorded_by: str

    @staticmethod
    def resolve_patient_id(response: OutcomeResponse) -> str:
        return response.patient.pseudonym


class OutcomeDueOut(Schema):
    instrument: str
    timepoint: str
    date: datetime.date
    rater: Literal["patient", "clinician"]


class InstrumentOut(Schema):
    code: str
    rater: str
    kind: str
    minimum: Decimal | None
    maximum: Decimal | None
    decimals: int
    choices: list[str]
    ordered: bool
    better: str
    source_note: str
    built_in: bool


class ChoiceIn(Strict):
    code: str = Field(min_length=1, max_length=40)
    en: str = Field(max_length=120)
    fr: str = Field(max_length=120)
    de: str = Field(max_length=120)


class ClinicInstrumentIn(Strict):
    code: str = Field(min_length=1, max_length=60, pattern=r"^[-a-z0-9_]+$")
    name_en: str = Field(min_length=1, max_length=120)
    name_fr: str = Field(min_length=1, max_length=120)
    name_de: str = Field(min_length=1, max_length=120)
    rater: Literal["patient", "clinician"]
    kind: Literal["numeric", "categorical"]
    minimum: float | None = Field(None, ge=-99999, le=99999)
    maximum: float | None = Field(None, ge=-99999, le=99999)
    decimals: int = Field(0, ge=0, le=2)
    choices: list[ChoiceIn] = Field(default_factory=list, max_length=20)
    better: Literal["", "lower", "higher"] = Field(
        "",
        description='Categorical: "lower" if the first choice is best, "higher" if the last, "" if unordered',
    )


class ScheduleItemIn(Strict):
    instrument: str = Field(max_length=60)
    timepoints: list[str] = Field(min_length=1, max_length=5, json_schema_extra={"items": one_of(TIMEPOINTS)})


class ScheduleIn(Strict):
    items: list[ScheduleItemIn] = Field(min_length=1, max_length=30)


class ScheduleOut(Schema):
    protocol_code: str
    items: list[dict[str, Any]]


def _instrument_out(scale: Instrument) -> InstrumentOut:
    return InstrumentOut(
        code=scale.code,
        rater=scale.rater,
        kind=scale.kind,
        minimum=scale.minimum,
        maximum=scale.maximum,
        decimals=scale.decimals,
        choices=list(scale.choices),
        ordered=scale.ordered,
        better=scale.better,
        source_note=scale.source_note,
        built_in=scale.code in BUILT_IN,
    )


def _day(value: str, field: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError(field, "must be a date as YYYY-MM-DD") from None


@router.post(
    "/outcome-responses", response={201: OutcomeResponseOut, 403: DetailOut, 404: DetailOut, 422: ErrorOut}
)
def record_outcome_response(request: ClinicRequest, payload: OutcomeResponseIn) -> Status[OutcomeResponse]:
    """A clinician records an answer: a clinician-rated instrument, or a patient's answers given on paper."""
    if request.membership.role != Role.CLINICIAN:
        raise HttpError(403, "Only a clinician records outcome answers")
    course = course_get_for_outcomes(payload.course_id)
    session = None
    if payload.session_id is not None:
        session = CourseSession.objects.filter(pk=payload.session_id).first()
        if session is None:
            raise Http404("No such session")
    scale = instrument_get(payload.instrument)
    response = outcome_response_record(
        course=course,
        session=session,
        instrument=payload.instrument,
        timepoint=payload.timepoint,
        answers=payload.answers,
        answered_on=_day(payload.answered_on, "answered_on"),
        actor=request.user,
        rater=scale.rater,
    )
    return Status(201, response)


@router.get(
    "/patients/{patient_id}/outcome-responses", response={200: list[OutcomeResponseOut], 404: DetailOut}
)
def list_patient_outcome_responses(
    request: ClinicRequest, patient_id: str = Path(..., max_length=40)
) -> list[OutcomeResponse]:
    patient = patient_get_for_user(user=request.user, patient_pseudonym=patient_id)
    return patient_responses(user=request.user, patient=patient)


@router.get("/courses/{course_id}/outcomes-due", response={200: list[OutcomeDueOut], 404: DetailOut})
def list_course_outcomes_due(request: ClinicRequest, course_id: int = Path(..., le=MAX_ID)) -> list[DueItem]:
    return course_due(course_get_for_outcomes(course_id))


@setup_router.get("/outcome-instruments", response={200: list[InstrumentOut]})
def list_outcome_instruments(request: ClinicRequest) -> list[InstrumentOut]:
    return [_instrument_out(s) for s in instruments().values()]


@setup_router.post("/outcome-instruments", response={201: InstrumentOut, 403: DetailOut, 422: ErrorOut})
def create_outcome_instrument(request: ClinicRequest, payload: ClinicInstrumentIn) -> Status[InstrumentOut]:
    """The clinic's own instrument (clinicians and the clinic's administrators)."""
    if request.membership.role not in (Role.CLINICIAN, Role.CLINIC_ADMIN):
        raise HttpError(403, "Your role cannot add instruments")
    data = payload.model_dump()
    own: ClinicInstrument = clinic_instrument_create(
        clinic_id=request.clinic.pk, actor=request.user, data=data
    )
    return Status(201, _instrument_out(instrument_get(own.code)))


@setup_router.put(
    "/outcome-schedules/{protocol_code}",
    response={200: ScheduleOut, 403: DetailOut, 404: DetailOut, 422: ErrorOut},
)
def save_outcome_schedule(
    request: ClinicRequest, payload: ScheduleIn, protocol_code: str = Path(..., max_length=60)
) -> ScheduleOut:
    """The clinic's schedule for one protocol, replacing the indication's default."""
    if request.membership.role not in (Role.CLINICIAN, Role.CLINIC_ADMIN):
        raise HttpError(403, "Your role cannot change schedules")
    if not protocol_known(protocol_code):
        raise Http404("No such protocol")
    items = [i.model_dump() for i in payload.items]
    saved: OutcomeSchedule = outcome_schedule_save(
        clinic_id=request.clinic.pk, actor=request.user, protocol_code=protocol_code, items=items
    )
    return ScheduleOut(protocol_code=saved.protocol_code, items=list(saved.items))
