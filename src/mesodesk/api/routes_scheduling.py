"""Courses and appointments over HTTP, scoped to the caller's clinic."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django_scopes import scope
from ninja import Query, Router, Schema, Status
from pydantic import Field

from mesodesk.api.auth import MemberSessionAuth, TokenAuth
from mesodesk.api.errors import input_error_from
from mesodesk.api.routes_patients import _member
from mesodesk.api.schemas import ErrorOut, QueryParameters, Strict
from mesodesk.clinic.errors import InputError
from mesodesk.courses.models import Course, CourseSession
from mesodesk.courses.services import course_create
from mesodesk.patients.selectors import patient_get_for_user
from mesodesk.scheduling.models import Appointment, Room
from mesodesk.scheduling.services import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    BookingBlocked,
    SlotTaken,
    appointment_book,
    appointment_cancel,
    appointment_move,
)

router = Router(tags=["courses and appointments"], auth=[TokenAuth(), MemberSessionAuth()])


class CourseIn(Strict):
    patient: str = Field(description="The patient's id (P-…)")
    indication: str
    protocol: str
    formulation: str = ""
    start: str = Field(description="YYYY-MM-DD: the first session's day")


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


class AppointmentIn(Strict):
    patient: str
    start: str = Field(description="ISO 8601 with a time zone, e.g. 2027-01-04T10:00:00+01:00")
    minutes: int = Field(30, ge=5, le=240)
    kind: str = "mesotherapy"
    room: int | None = None
    session: int | None = Field(None, description="A course session's id, to book it")
    clinician: str | None = Field(None, description="User name; defaults to the caller")


class AppointmentMove(Strict):
    start: str = Field(description="ISO 8601 with a time zone")
    minutes: int = Field(30, ge=5, le=240)


class GateOut(Schema):
    code: str
    level: str
    message: str
    sources: list[str]
    basis: str


class AppointmentOut(Schema):
    id: int
    patient: str
    clinician: str
    kind: str
    start: datetime.datetime
    end: datetime.datetime
    room: str | None
    session: int | None
    cancelled: bool
    gates: list[GateOut]


class RefusedOut(Schema):
    detail: str
    gates: list[GateOut] = []


def _course_out(course: Course) -> dict[str, Any]:
    return {
        "id": course.pk,
        "patient": course.patient.pseudonym,
        "indication": course.indication,
        "protocol": course.protocol_code,
        "formulation": course.formulation,
        "clinician": course.clinician.get_username(),
        "sessions": [
            {
                "id": s.pk,
                "number": s.number,
                "due": s.due,
                "earliest": s.earliest,
                "latest": s.latest,
                "status": s.status,
            }
            for s in course.sessions.all()
        ],
    }


def _appointment_out(a: Appointment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "patient": a.patient.pseudonym,
        "clinician": a.clinician.get_username(),
        "kind": a.kind,
        "start": a.start,
        "end": a.end,
        "room": a.room.name if a.room else None,
        "session": a.course_session_id,
        "cancelled": a.cancelled_at is not None,
        "gates": a.gates,
    }


def _booking_answer(status: int, book: Callable[[], Appointment]) -> Status[dict[str, Any]]:
    """A booking or a move as the API answers it: the row, or 409 with why not."""
    try:
        appointment = book()
    except SlotTaken:
        return Status(409, {"detail": "slot taken"})
    except BookingBlocked as exc:
        return Status(
            409, {"detail": "blocked by a clinical gate", "gates": [f.to_dict() for f in exc.findings]}
        )
    except ModelValidationError as exc:
        raise input_error_from(exc) from None
    return Status(status, _appointment_out(appointment))


def _date(value: str, field: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError(field, "must be a date as YYYY-MM-DD") from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise InputError(field, f"must fall between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return day


def _moment(value: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise InputError("start", "must be an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise InputError("start", "must carry a time zone")
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise InputError("start", f"must fall between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return moment


@router.post("/courses", response={201: CourseOut, 404: dict[str, str], 422: ErrorOut})
def create_course(request: HttpRequest, payload: CourseIn) -> Status[dict[str, Any]]:
    membership = _member(request)
    start = _date(payload.start, "start")
    with scope(clinic=membership.clinic):
        patient = patient_get_for_user(user=request.user, patient_pseudonym=payload.patient)
        try:
            course = course_create(
                patient=patient, indication=payload.indication, protocol_code=payload.protocol,
                formulation=payload.formulation, clinician=request.user, start=start, actor=request.user,
            )  # fmt: skip
        except ModelValidationError as exc:
            raise input_error_from(exc) from None
        return Status(201, _course_out(course))


@router.get("/courses/{course_id}", response={200: CourseOut, 404: dict[str, str]})
def read_course(request: HttpRequest, course_id: int) -> dict[str, Any]:
    membership = _member(request)
    with scope(clinic=membership.clinic):
        course = get_object_or_404(Course.objects.select_related("patient", "clinician"), pk=course_id)
        patient_get_for_user(user=request.user, patient_pseudonym=course.patient.pseudonym)
        return _course_out(course)


class AppointmentRange(QueryParameters):
    start: str = Field(description="YYYY-MM-DD")
    days: int = Field(7, ge=1, le=62)


@router.get("/appointments", response={200: list[AppointmentOut], 422: ErrorOut})
def list_appointments(request: HttpRequest, query: Query[AppointmentRange]) -> list[dict[str, Any]]:
    membership = _member(request)
    begin = datetime.datetime.combine(_date(query.start, "start"), datetime.time(), tzinfo=datetime.UTC)
    with scope(clinic=membership.clinic):
        found = Appointment.objects.select_related("patient", "clinician", "room").filter(
            start__gte=begin, start__lt=begin + datetime.timedelta(days=query.days)
        )
        return [_appointment_out(a) for a in found]


@router.post(
    "/appointments", response={201: AppointmentOut, 404: dict[str, str], 409: RefusedOut, 422: ErrorOut}
)
def book_appointment(request: HttpRequest, payload: AppointmentIn) -> Status[dict[str, Any]]:
    membership = _member(request)
    start = _moment(payload.start)
    with scope(clinic=membership.clinic):
        patient = patient_get_for_user(user=request.user, patient_pseudonym=payload.patient)
        session = None
        if payload.session is not None:
            session = CourseSession.objects.select_related("course").filter(pk=payload.session).first()
            if session is None:
                raise InputError("session", "no such session in this clinic")
        clinician: Any = request.user
        if payload.clinician:
            clinician = get_user_model().objects.filter(username=payload.clinician).first()
            if clinician is None:
                raise InputError("clinician", "no such clinician")
        room = None
        if payload.room is not None:
            room = Room.objects.filter(pk=payload.room).first()
            if room is None:
                raise InputError("room", "no such room in this clinic")
        return _booking_answer(
            201,
            lambda: appointment_book(
                patient=patient, clinician=clinician, start=start,
                end=start + datetime.timedelta(minutes=payload.minutes),
                actor=request.user, kind=payload.kind, room=room, course_session=session,
            ),
        )  # fmt: skip


@router.patch(
    "/appointments/{appointment_id}",
    response={200: AppointmentOut, 404: dict[str, str], 409: RefusedOut, 422: ErrorOut},
)
def move_appointment(
    request: HttpRequest, appointment_id: int, payload: AppointmentMove
) -> Status[dict[str, Any]]:
    membership = _member(request)
    start = _moment(payload.start)
    with scope(clinic=membership.clinic):
        appointment = get_object_or_404(Appointment, pk=appointment_id, cancelled_at__isnull=True)
        return _booking_answer(
            200,
            lambda: appointment_move(
                appointment=appointment, start=start,
                end=start + datetime.timedelta(minutes=payload.minutes), actor=request.user,
            ),
        )  # fmt: skip


@router.post("/appointments/{appointment_id}/cancel", response={200: AppointmentOut, 404: dict[str, str]})
def cancel_appointment(request: HttpRequest, appointment_id: int) -> dict[str, Any]:
    membership = _member(request)
    with scope(clinic=membership.clinic):
        appointment = get_object_or_404(Appointment, pk=appointment_id, cancelled_at__isnull=True)
        return _appointment_out(appointment_cancel(appointment=appointment, actor=request.user))
