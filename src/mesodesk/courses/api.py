"""Courses over HTTP, scoped to the caller's clinic; mounted (with authentication) by api/urls.py."""

from __future__ import annotations

import datetime

from ninja import Router, Schema, Status
from ninja.params.functions import Path
from pydantic import Field

from mesodesk.accounts.api_schemas import DATE, MAX_ID, DetailOut, ErrorOut, Strict, one_of
from mesodesk.accounts.http import ClinicRequest, api_member
from mesodesk.clinic.errors import InputError
from mesodesk.clinic.fields import EARLIEST_YEAR, LATEST_YEAR
from mesodesk.courses.models import Course, CourseSession
from mesodesk.courses.selectors import course_get
from mesodesk.courses.services import course_create
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.selectors import patient_get_for_user

router = Router(tags=["courses"])
_KB = load_knowledge()
router.add_decorator(api_member("patients"))


class CourseIn(Strict):
    patient: str = Field(description="The patient's id (P-…)", max_length=40)
    indication: str = Field(max_length=60, json_schema_extra=one_of(_KB.indication_by_code))
    protocol: str = Field(
        max_length=60, description="A protocol's code: the knowledge base's or the clinic's own"
    )
    formulation: str = Field("", max_length=60, json_schema_extra=one_of([*_KB.formulation_by_code, ""]))
    start: str = Field(
        description="YYYY-MM-DD: the first session's day, today or later", json_schema_extra=DATE
    )


class SessionOut(Schema):
    id: int
    number: int
    due: datetime.date
    earliest: datetime.date
    latest: datetime.date
    status: str


class CourseOut(Schema):
    id: int
    patient: str
    indication: str
    protocol: str
    formulation: str
    clinician: str
    sessions: list[SessionOut]

    @staticmethod
    def resolve_patient(course: Course) -> str:
        return course.patient.pseudonym

    @staticmethod
    def resolve_protocol(course: Course) -> str:
        return course.protocol_code

    @staticmethod
    def resolve_clinician(course: Course) -> str:
        return course.clinician.get_username()

    @staticmethod
    def resolve_sessions(course: Course) -> list[CourseSession]:
        return list(course.sessions.all())


def iso_day(value: str, field: str) -> datetime.date:
    """A YYYY-MM-DD date within the years a clinic books in, or a 422 naming the field."""
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError(field, "must be a date as YYYY-MM-DD") from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise InputError(field, f"must fall between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return day


@router.post("/courses", response={201: CourseOut, 404: DetailOut, 422: ErrorOut})
def create_course(request: ClinicRequest, payload: CourseIn) -> Status[Course]:
    start = iso_day(payload.start, "start")
    patient = patient_get_for_user(user=request.user, patient_pseudonym=payload.patient)
    course = course_create(
        patient=patient, indication=payload.indication, protocol_code=payload.protocol,
        formulation=payload.formulation, clinician=request.user, start=start, actor=request.user,
    )  # fmt: skip
    return Status(201, course)


@router.get("/courses/{course_id}", response={200: CourseOut, 404: DetailOut})
def read_course(request: ClinicRequest, course_id: int = Path(..., le=MAX_ID)) -> Course:
    course = course_get(course_id)
    patient_get_for_user(user=request.user, patient_pseudonym=course.patient.pseudonym)  # audits the read
    return course
