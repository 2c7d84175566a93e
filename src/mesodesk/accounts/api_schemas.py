"""The API's shared shapes: strict input, query strings, and the one error answer.

At the ground floor so that every app's routes (patients/api.py, courses/api.py…) use
them; the NinjaAPI object that mounts those routes lives at the top, in api/."""

from __future__ import annotations

from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, field_validator

# The sexes the screening contract knows (clinic.screening.SEXES) and a patient record
# stores (patients.models.Sex), as the API's type; tests/test_vocabularies.py keeps the three equal.
SexCode = Literal["female", "male", "other", "unknown"]


def _no_nul(value: object) -> object:
    """PostgreSQL refuses a NUL character in text (a 500 for a search on it): refuse it first."""
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(t, str) and "\x00" in t for t in texts):
        raise ValueError("must not contain a NUL character")
    return value


class Strict(Schema):
    """No extra fields and no coercion: the same reading of JSON as the CLI's."""

    model_config = ConfigDict(strict=True, extra="forbid")
    _texts_without_nul = field_validator("*", mode="before")(_no_nul)


class QueryParameters(Schema):
    """Query strings are text, so their numbers are read as numbers; unknown names are refused."""

    model_config = ConfigDict(extra="forbid")
    _texts_without_nul = field_validator("*", mode="before")(_no_nul)


class ErrorOut(Schema):
    field: str
    error: str
    detail: list[dict[str, object]]


class DetailOut(Schema):
    detail: str
