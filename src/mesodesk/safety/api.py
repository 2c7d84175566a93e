"""Adverse events and safety signals over HTTP, scoped to the caller's clinic.

Mounted by api/urls.py, which adds the authentication. Events are patient records
(`api_member("patients")`); signals name no patient (`api_member("safety")`, which the
clinic's administrators open too). Another clinic's event or signal is a 404."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.http import Http404
from ninja import Query, Router, Schema, Status
from ninja.params.functions import Path
from pydantic import Field

from mesodesk.accounts.api_schemas import MAX_ID, DetailOut, ErrorOut, QueryParameters, Strict
from mesodesk.accounts.http import ClinicRequest, api_member
from mesodesk.clinic.errors import InputError
from mesodesk.clinic.safety_signal import SOURCES
from mesodesk.courses.models import CourseSession
from mesodesk.inventory.models import Lot
from mesodesk.safety.models import AdverseEvent, SafetySignal
from mesodesk.safety.selectors import adverse_event_get_for_user, adverse_events, signal_get, signals
from mesodesk.safety.services import adverse_event_create

events_router = Router(tags=["adverse events"])
events_router.add_decorator(api_member("patients"))
signals_router = Router(tags=["adverse events"])
signals_router.add_decorator(api_member("safety"))


class AdverseEventIn(Strict):
    session_id: int = Field(ge=1, le=MAX_ID, description="The course session after which it happened")
    kind: str = Field(
        max_length=40, description="A side effect's code from the knowledge base (side_effects), or other"
    )
    description: str = Field("", max_length=2000, description="Required when kind is other")
    onset: str = Field(description="YYYY-MM-DD, not before the session")
    severity: Literal["mild", "moderate", "severe"] = "mild"
    serious: bool = False
    outcome: Literal["ongoing", "resolved", "sequelae", "unknown"] = "ongoing"
    resolved_on: str | None = Field(None, description="YYYY-MM-DD, not before the onset")
    lot_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        default_factory=list,
        max_length=20,
        description="The clinic's lots injected; not used when the session's signed chart names them",
    )


class AdverseEventOut(Schema):
    id: int
    patient_id: str = Field(description="The patient's pseudonymous id (P-…)")
    session_id: int
    clinician: str | None
    kind: str
    description: str
    onset: datetime.date
    severity: str
    serious: bool
    outcome: str
    resolved_on: datetime.date | None
    reported_by_patient: bool
    reviewed: bool
    lot_ids: list[int]

    @staticmethod
    def resolve_lot_ids(event: AdverseEvent) -> list[int]:
        return sorted(lot.pk for lot in event.lots.all())

    @staticmethod
    def resolve_patient_id(event: AdverseEvent) -> str:
        return event.patient.pseudonym

    @staticmethod
    def resolve_clinician(event: AdverseEvent) -> str | None:
        return event.clinician.get_username() if event.clinician is not None else None

    @staticmethod
    def resolve_reviewed(event: AdverseEvent) -> bool:
        return event.reviewed_at is not None


class SignalOut(Schema):
    id: int
    dimension: Literal["lot", "product", "clinician"]
    reports: int
    event_ids: list[int]
    first_onset: datetime.date
    last_onset: datetime.date
    sources: list[str]
    basis: Literal["policy"] = "policy"

    @staticmethod
    def resolve_event_ids(signal: SafetySignal) -> list[int]:
        return sorted(e.pk for e in signal.events.all())

    @staticmethod
    def resolve_sources(signal: SafetySignal) -> list[str]:
        return list(SOURCES)


class EventFilter(QueryParameters):
    kind: str = Field("", max_length=40)
    offset: int = Field(0, ge=0, le=1_000_000)
    limit: int = Field(50, ge=1, le=200)


def _day(value: str, field: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError(field, "must be a date as YYYY-MM-DD") from None


@events_router.get("/adverse-events", response={200: list[AdverseEventOut], 422: ErrorOut})
def list_adverse_events(request: ClinicRequest, filters: Query[EventFilter]) -> list[AdverseEvent]:
    found = adverse_events()
    if filters.kind:
        found = found.filter(kind=filters.kind)
    return list(found[filters.offset : filters.offset + filters.limit])


@events_router.get("/adverse-events/{event_id}", response={200: AdverseEventOut, 404: DetailOut})
def read_adverse_event(request: ClinicRequest, event_id: int = Path(..., le=MAX_ID)) -> AdverseEvent:
    return adverse_event_get_for_user(user=request.user, event_id=event_id)


@events_router.post("/adverse-events", response={201: AdverseEventOut, 404: DetailOut, 422: ErrorOut})
def create_adverse_event(request: ClinicRequest, payload: AdverseEventIn) -> Status[AdverseEvent]:
    session = CourseSession.objects.select_related("course").filter(pk=payload.session_id).first()
    if session is None:
        raise Http404("No such session")
    data = payload.model_dump(exclude={"session_id", "lot_ids"})
    lots = list(Lot.objects.filter(pk__in=payload.lot_ids))
    if len(lots) != len(set(payload.lot_ids)):
        raise InputError("lot_ids", "unknown lot")  # another clinic's lot is unknown here too
    data["lots"] = lots
    data["onset"] = _day(payload.onset, "onset")
    data["resolved_on"] = _day(payload.resolved_on, "resolved_on") if payload.resolved_on else None
    return Status(201, adverse_event_create(session=session, actor=request.user, **data))


@signals_router.get("/safety-signals", response={200: list[SignalOut]})
def list_signals(request: ClinicRequest) -> list[SafetySignal]:
    return list(signals().prefetch_related("events"))


@signals_router.get("/safety-signals/{signal_id}", response={200: SignalOut, 404: DetailOut})
def read_signal(request: ClinicRequest, signal_id: int = Path(..., le=MAX_ID)) -> SafetySignal:
    return signal_get(signal_id)
