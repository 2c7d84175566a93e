"""Schemas of the HTTP API. Strict, with no extra fields, to match the CLI's reading of the
same JSON; the clinical core then checks codes and ranges, so both answer alike."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field
from pydantic.config import JsonDict

from mesodesk.accounts.api_schemas import SAYS_SOMETHING, SexCode, Strict, StrictItem, each_one_of, one_of
from mesodesk.knowledge.loader import load_knowledge

# The codes and ranges each field takes, stated in the OpenAPI document only: the clinical
# core checks them, so the API and the CLI refuse a value with the same words.
_KB = load_knowledge()
_DATE: JsonDict = {"format": "date"}
_FREE_TEXTS: JsonDict = {"items": {"type": "string", "pattern": SAYS_SOMETHING, "maxLength": 200}}


class ScreeningIn(Strict):
    age: int = Field(
        description="Age in whole years (0-130).",
        examples=[41],
        json_schema_extra={"minimum": 0, "maximum": 130},
    )
    indication: str = Field(
        description="An indication code from the knowledge base.",
        examples=["hair_loss"],
        json_schema_extra=one_of(_KB.indication_by_code),
    )
    sex: SexCode | None = None
    formulation: str | None = Field(
        None,
        description="A formulation code, e.g. mesolift.",
        json_schema_extra=one_of(_KB.formulation_by_code, nullable=True),
    )
    conditions: list[str] | None = Field(
        None,
        description="Condition codes (absolute or relative).",
        json_schema_extra=each_one_of(_KB.condition_codes),
    )
    allergies: list[str] | None = Field(
        None,
        description="Ingredient codes the patient is allergic to.",
        json_schema_extra=each_one_of(_KB.ingredient_codes),
    )
    medications: list[str] | None = Field(
        None,
        description="Medication codes: aspirin, nsaid, dipyridamole (or a medicine's name).",
        json_schema_extra=each_one_of(_KB.medication_by_code),
    )
    hair_loss_onset_months: int | None = Field(None, json_schema_extra={"minimum": 0, "maximum": 130 * 12})
    expects_quick_results: bool | None = None
    other_allergies: list[str] | None = Field(
        None,
        description="Allergies in free text not yet reviewed.",
        json_schema_extra=_FREE_TEXTS | {"maxItems": 20},
    )


class FindingOut(Schema):
    code: str
    severity: Literal["absolute", "relative", "advice"]
    message: str
    sources: list[str]


class ScreeningOut(Schema):
    verdict: Literal["contraindicated", "caution", "eligible"]
    findings: list[FindingOut]


class PlanIn(Strict):
    protocol: str = Field(examples=["hair_loss_8"], json_schema_extra=one_of(_KB.protocol_by_code))
    start: str = Field(
        description="YYYY-MM-DD, from 2000 to 2200", examples=["2027-01-04"], json_schema_extra=_DATE
    )


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


class NeedleIn(StrictItem):
    length_mm: float = Field(json_schema_extra={"exclusiveMinimum": 0, "maximum": 100})
    gauge: int | None = Field(None, json_schema_extra={"minimum": 10, "maximum": 40})


class PointIn(StrictItem):
    technique: str = Field(json_schema_extra=one_of(_KB.technique_by_code))
    depth_mm: float = Field(json_schema_extra={"exclusiveMinimum": 0, "maximum": 50})
    volume_ml: float = Field(json_schema_extra={"minimum": 0, "maximum": 10})
    needle: NeedleIn
    x_cm: float = Field(json_schema_extra={"minimum": -500, "maximum": 500})
    y_cm: float = Field(json_schema_extra={"minimum": -500, "maximum": 500})
    region: str = Field(json_schema_extra={"maxLength": 60, "pattern": SAYS_SOMETHING})


class ProductIn(Strict):
    formulation: str | None = Field(
        None,
        description="Required unless the ingredients are listed",
        json_schema_extra=one_of(_KB.formulation_by_code, nullable=True),
    )
    ingredients: list[str] | None = Field(None, json_schema_extra=each_one_of(_KB.ingredient_codes))
    lot: str = Field(json_schema_extra={"maxLength": 100, "pattern": SAYS_SOMETHING})
    expires: str = Field(description="YYYY-MM-DD", json_schema_extra=_DATE)
    oily: bool | None = None


class ChartPatientIn(Strict):
    allergies: list[str] | None = Field(None, json_schema_extra=each_one_of(_KB.ingredient_codes))


# A session's chart holds tens to hundreds of points; the cap keeps an unauthenticated
# request's work bounded (README, "HTTP API"). The CLI, run by someone on the server, has none.
CHART_POINTS_MAX = 2000


class ChartIn(Strict):
    date: str = Field(description="YYYY-MM-DD", examples=["2027-02-01"], json_schema_extra=_DATE)
    patient: ChartPatientIn | None = None
    products: list[ProductIn] | None = None
    points: list[PointIn] | None = Field(
        None, max_length=CHART_POINTS_MAX, description=f"At most {CHART_POINTS_MAX:,} points."
    )


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
