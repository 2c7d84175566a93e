"""The API's shared shapes: strict input, query strings, and the one error answer.

At the ground floor so that every app's routes (patients/api.py, courses/api.py…) use
them; the NinjaAPI object that mounts those routes lives at the top, in api/."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Schema
from ninja.renderers import JSONRenderer
from pydantic import BaseModel, ConfigDict, field_validator
from pydantic.config import JsonDict, JsonValue

# The sexes the screening contract knows (clinic.screening.SEXES) and a patient record
# stores (patients.models.Sex), as the API's type; tests/test_vocabularies.py keeps the three equal.
SexCode = Literal["female", "male", "other", "unknown"]


def _no_nul(value: object) -> object:
    """PostgreSQL refuses a NUL character in text (a 500 for a search on it): refuse it first."""
    # Run on every field of every item (a chart's thousands of numbers too): the common
    # cases first, without building anything.
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("must not contain a NUL character")
    elif isinstance(value, list) and any(isinstance(t, str) and "\x00" in t for t in value):
        raise ValueError("must not contain a NUL character")
    return value


# The largest id a database row can have (a 64-bit integer): a bigger one is refused as bad
# input, where the database would fail on it.
MAX_ID = 2**63 - 1
DATE: JsonDict = {"format": "date"}
DATE_TIME: JsonDict = {"format": "date-time"}

# Said in the OpenAPI document too, so that a client (or a fuzzer) knows before sending.
NO_NUL = "^[^\\x00]*$"
# A free text that must say something: not empty, not only spaces.
SAYS_SOMETHING = "^[^\\x00]*[^\\s\\x00][^\\x00]*$"


def texts_say_no_nul(schema: dict[str, Any]) -> None:
    """The document's side of `_no_nul`: every text field (a list's texts too) says it takes no NUL."""
    for field in schema.get("properties", {}).values():
        kinds = [field, *field.get("anyOf", ()), field.get("items") or {}]
        for kind in kinds:
            if kind.get("type") == "string" and "pattern" not in kind and "enum" not in field:
                kind["pattern"] = NO_NUL


def one_of(codes: Iterable[str], *, nullable: bool = False) -> JsonDict:
    """For a code's field: the OpenAPI document lists the codes it takes (the route still
    checks it, naming the field); `nullable` for a code that may be left null."""
    listed: list[JsonValue] = [*sorted(codes), *([None] if nullable else [])]
    return {"enum": listed}


def each_one_of(codes: Iterable[str]) -> JsonDict:
    """For a list of codes: the codes each item takes."""
    listed: list[JsonValue] = [*sorted(codes)]
    return {"items": {"type": "string", "enum": listed}}


class Strict(Schema):
    """No extra fields and no coercion: the same reading of JSON as the CLI's."""

    model_config = ConfigDict(strict=True, extra="forbid", json_schema_extra=texts_say_no_nul)
    _texts_without_nul = field_validator("*", mode="before")(_no_nul)


class StrictItem(BaseModel):
    """Strict for the items of a long list (a chart's points): the same reading of JSON,
    without ninja's Schema wrapper, which is made for reading ORM objects and, run on each
    item, made a 1,000-point chart check take 290 ms a request instead of about 100
    (docs/performance.md, "Chart check")."""

    model_config = ConfigDict(strict=True, extra="forbid", json_schema_extra=texts_say_no_nul)
    _texts_without_nul = field_validator("*", mode="before")(_no_nul)


class QueryParameters(Schema):
    """Query strings are text, so their numbers are read as numbers; unknown names are refused."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=texts_say_no_nul)
    _texts_without_nul = field_validator("*", mode="before")(_no_nul)


class ErrorOut(Schema):
    field: str
    error: str
    detail: list[dict[str, object]]


class DetailOut(Schema):
    detail: str


def rendered(request: HttpRequest, data: Any) -> HttpResponse:
    """A 200 answer already in its declared shape (the route's `response` still states it in
    the OpenAPI document), rendered as ninja renders a validated answer, byte for byte, but
    without validating it again: for lists whose rows are read as plain values, where ninja's
    per-field ORM wrapper cost more than the rest of the request (docs/performance.md, API reads)."""
    renderer = JSONRenderer()
    return HttpResponse(
        renderer.render(request, data, response_status=200),
        content_type=f"{renderer.media_type}; charset={renderer.charset}",
    )
