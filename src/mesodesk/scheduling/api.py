"""Appointments over HTTP, scoped to the caller's clinic; mounted (with authentication) by api/urls.py.

Every time in and out is in the clinic's time zone, stated: answers carry the zone's
offset in each time and its name in `time_zone`; a day asked for is the clinic's day."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.params.functions import Path
from pydantic import Field

from mesodesk.accounts.api_schemas import (
    DATE,
    DATE_TIME,
    MAX_ID,
    DetailOut,
    ErrorOut,
    QueryParameters,
    Strict,
    one_of,
)
from mesodesk.accounts.http import ClinicRequest, api_member
from mesodesk.clinic.errors import InputError
from mesodesk.clinic.fields import EARLIEST_YEAR, LATEST_YEAR
from mesodesk.courses.api import iso_day
from mesodesk.courses.models import CourseSession
from mesodesk.patients.selectors import patient_get_for_user
from mesodesk.scheduling.models import Appointment, AppointmentKind, Room
from mesodesk.scheduling.selectors import appointment_get, appointments_between
from mesodesk.scheduling.services import (
    BookingBlocked,
    SessionTaken,
    SlotTaken,
    appointment_book,
    appointment_cancel,
    appointment_move,
)

router = Router(tags=["appointments"])
router.add_decorator(api_member("calendar"))


class AppointmentIn(Strict):
    patient: str = Field(max_length=40)
    start: str = Field(
        description="ISO 8601 with a time zone, e.g. 2027-01-04T10:00:00+01:00", json_schema_extra=DATE_TIME
    )
    minutes: int = Field(30, ge=5, le=240)
    kind: str = Field("mesotherapy", max_length=30, json_schema_extra=one_of(AppointmentKind.values))
    room: int | None = Field(None, ge=1, le=MAX_ID)
    session: int | None = Field(None, ge=1, le=MAX_ID, description="A course session's id, to book it")
    clinician: str | None = Field(None, max_length=150, description="User name; defaults to the caller")


class AppointmentMove(Strict):
    start: str = Field(description="ISO 8601 with a time zone", json_schema_extra=DATE_TIME)
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
    start: datetime.datetime = Field(description="In the clinic's time zone")
    end: datetime.datetime = Field(description="In the clinic's time zone")
    time_zone: str = Field(description="The clinic's time zone, e.g. Europe/Paris")
    room: str | None
    session: int | None
    cancelled: bool
    gates: list[GateOut] = Field(
        description="The clinical gates as last checked: at booking, at a move, or after the "
        "patient's history, an acknowledgement or an allergy review changed"
    )
    blocked: bool = Field(description="A gate blocks this appointment as it stands: do not inject")
    gates_checked_at: datetime.datetime | None = Field(description="When the gates last ran")

    @staticmethod
    def resolve_patient(a: Appointment) -> str:
        return a.patient.pseudonym

    @staticmethod
    def resolve_clinician(a: Appointment) -> str:
        return a.clinician.get_username()

    @staticmethod
    def resolve_start(a: Appointment) -> datetime.datetime:
        return timezone.localtime(a.start)

    @staticmethod
    def resolve_end(a: Appointment) -> datetime.datetime:
        return timezone.localtime(a.end)

    @staticmethod
    def resolve_time_zone(a: Appointment) -> str:
        return timezone.get_current_timezone_name()

    @staticmethod
    def resolve_room(a: Appointment) -> str | None:
        return a.room.name if a.room else None

    @staticmethod
    def resolve_session(a: Appointment) -> int | None:
        return a.course_session_id

    @staticmethod
    def resolve_cancelled(a: Appointment) -> bool:
        return a.cancelled_at is not None

    @staticmethod
    def resolve_blocked(a: Appointment) -> bool:
        return a.blocked

    @staticmethod
    def resolve_gates_checked_at(a: Appointment) -> datetime.datetime | None:
        return timezone.localtime(a.gates_checked_at) if a.gates_checked_at else None


class RefusedOut(Schema):
    detail: str
    gates: list[GateOut] = []


class AppointmentRange(QueryParameters):
    start: str = Field(description="YYYY-MM-DD, a day in the clinic's time zone", json_schema_extra=DATE)
    days: int = Field(7, ge=1, le=62)


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


def _booking_answer(status: int, book: Callable[[], Appointment]) -> Status[Any]:
    """A booking or a move as the API answers it: the row, or 409 with why not."""
    try:
        appointment = book()
    except SessionTaken:
        return Status(409, {"detail": "session already booked"})
    except SlotTaken:
        return Status(409, {"detail": "slot taken"})
    except BookingBlocked as exc:
        return Status(
            409, {"detail": "blocked by a clinical gate", "gates": [f.to_dict() for f in exc.findings]}
        )
    return Status(status, appointment)


@router.get("/appointments", response={200: list[AppointmentOut], 422: ErrorOut})
def list_appointments(request: ClinicRequest, query: Query[AppointmentRange]) -> list[Appointment]:
    day = iso_day(query.start, "start")
    begin = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    end = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=query.days), datetime.time())
    )
    return list(appointments_between(begin, end, cancelled_too=True))


@router.post("/appointments", response={201: AppointmentOut, 404: DetailOut, 409: RefusedOut, 422: ErrorOut})
def book_appointment(request: ClinicRequest, payload: AppointmentIn) -> Status[Any]:
    start = _moment(payload.start)
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
    response={200: AppointmentOut, 404: DetailOut, 409: RefusedOut, 422: ErrorOut},
)
def move_appointment(
    request: ClinicRequest, payload: AppointmentMove, appointment_id: int = Path(..., le=MAX_ID)
) -> Status[Any]:
    start = _moment(payload.start)
    appointment = appointment_get(appointment_id)
    return _booking_answer(
        200,
        lambda: appointment_move(
            appointment=appointment, start=start,
            end=start + datetime.timedelta(minutes=payload.minutes), actor=request.user,
        ),
    )  # fmt: skip


@router.post("/appointments/{appointment_id}/cancel", response={200: AppointmentOut, 404: DetailOut})
def cancel_appointment(request: ClinicRequest, appointment_id: int = Path(..., le=MAX_ID)) -> Appointment:
    appointment = appointment_get(appointment_id)
    return appointment_cancel(appointment=appointment, actor=request.user)
