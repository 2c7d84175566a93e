"""Reading the contracts' JSON input: each reader names the field it rejects."""

from __future__ import annotations

import datetime

from mesodesk.clinic.errors import InputError

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Mapping
    from typing import Any

# Bookings and course starts fall in these years: a far-off year is a typing mistake, and
# near year 9999 date arithmetic overflows.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2200


def mapping(value: Any, field: str, allowed: Collection[str]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InputError(field, "must be a JSON object")
    for key in value:
        if key not in allowed:
            raise InputError(f"{field}.{key}" if field != "input" else key, "unknown field")
    return value


def required(data: Mapping[str, Any], key: str, field: str) -> Any:
    if key not in data or data[key] is None:
        raise InputError(field, "is required")
    return data[key]


def whole_number(value: Any, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field, "must be a whole number")
    if not low <= value <= high:
        raise InputError(field, f"must be between {low} and {high}")
    return int(value)


def number(value: Any, field: str, low: float, high: float, low_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise InputError(field, "must be a number")
    if value > high or value < low or (low_open and value == low):
        bound = f"greater than {low:g}" if low_open else f"at least {low:g}"
        raise InputError(field, f"must be {bound} and at most {high:g}")
    return float(value)


def boolean(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(field, "must be true or false")
    return value


def text(value: Any, field: str, max_length: int = 100) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(field, "must be a non-empty text")
    if len(value) > max_length:
        raise InputError(field, f"must be at most {max_length} characters")
    return value.strip()


def code(value: Any, field: str, known: Collection[str]) -> str:
    if not isinstance(value, str):
        raise InputError(field, "must be a code (text)")
    if value not in known:
        raise InputError(field, f"unknown code {value!r}")
    return value


def codes(value: Any, field: str, known: Collection[str]) -> frozenset[str]:
    if not isinstance(value, list):
        raise InputError(field, "must be a list of codes")
    return frozenset(code(item, f"{field}[{i}]", known) for i, item in enumerate(value))


def iso_date(value: Any, field: str) -> datetime.date:
    # date.fromisoformat also takes forms such as 20270104; the contracts say YYYY-MM-DD.
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise InputError(field, "must be a date as YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError(field, "must be a real date as YYYY-MM-DD") from None
