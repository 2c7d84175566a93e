"""The network registry over HTTP, for the network analyst's role only: the yearly report as
JSON (GET /registry/report?year=) and as a download (GET /registry/export?format=&year=).
Both cover the network of the caller's clinic, with every cell under five patients
suppressed ("<5") and the cells a total would give it away by hidden ("x"); both are audited."""

from __future__ import annotations

from typing import Literal

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from mesodesk.accounts.api_schemas import ErrorOut, QueryParameters
from mesodesk.accounts.http import ClinicRequest, api_member
from mesodesk.clinic.errors import InputError
from mesodesk.registry.exports import CONTENT_TYPES, report_export
from mesodesk.registry.report import RegistryReport
from mesodesk.registry.services import registry_audit, registry_report_for_network

router = Router(tags=["registry"])
router.add_decorator(api_member("registry"))

CellOut = int | float | str | None
CELL = (
    "A count or a statistic; the text <5 where it rests on fewer than five patients; the text x where it is "
    "hidden so that a small cell cannot be worked out from a total; null if none"
)


class RegistryQuery(QueryParameters):
    year: int | None = Field(None, ge=2000, le=2100, description="The report's year (this year by default)")


class RegistryExportQuery(RegistryQuery):
    format: Literal["html", "pdf", "csv", "parquet"] = Field(description="The file's format")


class RegistryOverviewOut(Schema):
    clinics: int
    patients: CellOut = Field(description=CELL)
    courses: CellOut = Field(description=CELL)
    sessions: int = Field(description="Sessions done in the year")


class RegistryPatientsOut(Schema):
    indication: str = Field(description="An indication's code; empty: every indication")
    formulation: str | None = Field(description="A formulation's code; empty: none recorded; null: every one")
    patients: CellOut = Field(description=CELL)


class RegistrySatisfactionOut(Schema):
    indication: str = Field(description="An indication's code; empty: answers about no course")
    patients: CellOut = Field(description=CELL)
    counts: dict[str, CellOut] = Field(
        description="Patients per level: less_satisfied, satisfied, very_satisfied"
    )
    percent: dict[str, CellOut]


class RegistryQuartilesOut(Schema):
    patients: CellOut = Field(description=CELL)
    q1: CellOut
    median: CellOut
    q3: CellOut


class RegistryOutcomeOut(Schema):
    instrument: str
    indication: str
    baseline: RegistryQuartilesOut
    end: RegistryQuartilesOut
    change: RegistryQuartilesOut = Field(description="End minus baseline, over the courses that have both")


class RegistryAdverseOut(Schema):
    kind: str = Field(description="A side effect's code, or other; empty: every kind")
    events: CellOut = Field(description=CELL)
    patients: CellOut = Field(description=CELL)
    serious: CellOut = Field(
        description=CELL + "; serious events, suppressed on the patients who had one (0: nobody had one)"
    )
    per_1000_sessions: CellOut = Field(
        description="Events per 1,000 sessions done in the year; <5 or x with its events; null when no "
        "session was done in the year"
    )


class RegistryReportOut(Schema):
    year: int
    network: str
    overview: RegistryOverviewOut
    patients: list[RegistryPatientsOut]
    satisfaction: list[RegistrySatisfactionOut]
    outcomes: list[RegistryOutcomeOut]
    adverse_events: list[RegistryAdverseOut]


def _year(query: RegistryQuery) -> int:
    this_year = timezone.localdate().year
    year = this_year if query.year is None else query.year
    if year > this_year + 1:
        raise InputError("year", f"give a year from 2000 to {this_year + 1}")
    return year


def _report(request: ClinicRequest, year: int, output: str) -> RegistryReport:
    network_id = request.clinic.network_id
    report = registry_report_for_network(network_id=network_id, year=year)
    registry_audit(
        actor=request.user, clinic_id=request.clinic.pk, network_id=network_id, year=year, output=output
    )
    return report


@router.get("/registry/report", response={200: RegistryReportOut, 422: ErrorOut})
def registry_report(request: ClinicRequest, query: Query[RegistryQuery]) -> RegistryReportOut:
    report = _report(request, _year(query), "api")
    return RegistryReportOut.model_validate(
        {**report.__dict__, "network": request.clinic.network.name}, from_attributes=True
    )


@router.get(
    "/registry/export",
    response={422: ErrorOut},
    openapi_extra={
        "responses": {
            "200": {
                "description": (
                    "The report as a file (small cells read <5). CSV and Parquet: one long table "
                    "(section, indication, formulation, instrument, category, measure, value); a "
                    "total's indication, formulation or kind (category) reads (all) in the CSV and "
                    "is NULL in Parquet; an empty cell is none recorded or a column not used"
                ),
                "content": {
                    kind: {"schema": {"type": "string", "format": "binary"}}
                    for kind in CONTENT_TYPES.values()
                },
            }
        }
    },
)
def registry_export(request: ClinicRequest, query: Query[RegistryExportQuery]) -> HttpResponse:
    year = _year(query)
    report = _report(request, year, query.format)
    response = HttpResponse(
        report_export(report, request.clinic.network.name, query.format),
        content_type=CONTENT_TYPES[query.format],
    )
    response["Content-Disposition"] = f'attachment; filename="registry-{year}.{query.format}"'
    return response
