"""Schemas of the HTTP API. Strict, with no extra fields, to match the CLI's reading of the
same JSON; the clinical core then checks codes and ranges, so both answer alike."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from mesodesk.accounts.api_schemas import SexCode, Strict


class ScreeningIn(Strict):
    age: int = Field(description="Age in whole years (0-130).", examples=[41])
    indication: str = Field(description="An indication code from the knowledge base.", examples=["hair_loss"])
    sex: SexCode | None = None
    formulation: str | None = Field(None, description="A formulation code, e.g. mesolift.")
    conditions: list[str] | None = Field(None, description="Condition codes (absolute or relative).")
    allergies: list[str] | None = Field(None, description="Ingredient codes the patient is allergic to.")
    medications: list[str] | None = Field(None, description="Medication codes: aspirin, nsaid, dipyridamole.")
    hair_loss_onset_months: int | None = None
    expects_quick_results: bool | None = None
    other_allergies: list[str] | None = Field(None, description="Allergies in free text not yet reviewed.")


class FindingOut(Schema):
    code: str
    severity: Literal["absolute", "relative", "advice"]
    message: str
    sources: list[str]


class ScreeningOut(Schema):
    verdict: Literal["contraindicated", "caution", "eligible"]
    findings: list[FindingOut]


class PlanIn(Strict):
    protocol: str = Field(examples=["hair_loss_8"])
    start: str = Field(description="YYYY-MM-DD", examples=["2027-01-04"])


class PlannedSessionOut(Schema):
    number: int
    date: datetime.date
    earliest: datetime.date
    latest: datetime.date


class MaintenanceOut(Schema):
    every_days_min: int
    every_days_max: int
    first_due: datetime.date


class PlanOut(Schema):
    protocol: str
    name: str
    indications: list[str]
    sessions_min: int
    sessions: list[PlannedSessionOut]
    maintenance: MaintenanceOut | None
    note: str
    sources: list[str]


class NeedleIn(Strict):
    length_mm: float
    gauge: int | None = None


class PointIn(Strict):
    technique: str
    depth_mm: float
    volume_ml: float
    needle: NeedleIn
    x_cm: float
    y_cm: float
    region: str


class ProductIn(Strict):
    formulation: str | None = None
    ingredients: list[str] | None = None
    lot: str
    expires: str = Field(description="YYYY-MM-DD")
    oily: bool | None = None


class ChartPatientIn(Strict):
    allergies: list[str] | None = None


class ChartIn(Strict):
    date: str = Field(description="YYYY-MM-DD", examples=["2027-02-01"])
    patient: ChartPatientIn | None = None
    products: list[ProductIn] | None = None
    points: list[PointIn] | None = None


class ChartFindingOut(Schema):
    code: str
    severity: Literal["error", "warning"]
    point: int | None
    product: int | None
    message: str
    sources: list[str]


class ChartCheckOut(Schema):
    ok: bool
    findings: list[ChartFindingOut]
