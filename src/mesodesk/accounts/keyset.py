"""Keyset pagination: a page starts after (or ends before) the sort key of a row, so page N
costs what page 1 costs, and no COUNT runs (issue 15).

`order` names the sort fields, `-` for descending; its last field must be unique (the id), so
ties in the other fields still give every row exactly one page. NULLs sort as PostgreSQL sorts
them by default (last going up, first going down) on both databases. The cursor is opaque to
the reader: `a` (after) or `b` (before) and the row's key, as URL-safe base64 of JSON.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import F, Model, Q, QuerySet
from django.db.models.expressions import OrderBy

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class KeysetPage(Generic[M]):
    rows: list[M]
    next_cursor: str | None
    previous_cursor: str | None

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _key(row: Model, fields: Sequence[str]) -> list[Any]:
    return [_plain(getattr(row, name.lstrip("-"))) for name in fields]


def encode_cursor(direction: str, key: list[Any]) -> str:
    raw = json.dumps([direction, key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> tuple[str, list[Any]] | None:
    """(direction, key), or None for anything this module did not write (the first page)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        direction, key = json.loads(raw)
    except (ValueError, TypeError, binascii.Error):
        return None
    if direction not in ("a", "b") or not isinstance(key, list) or len(key) != width:
        return None
    if not all(_fits(v) for v in key):
        return None
    return direction, key


def _fits(value: Any) -> bool:
    """A key value this module writes: NULL, a short text, or an integer a database holds."""
    if value is None:
        return True
    if isinstance(value, str):
        return len(value) <= 1000
    return isinstance(value, int) and -(2**63) <= value < 2**63


def _ordering(
    model: type[Model], fields: Sequence[str], *, reverse: bool, sort_matches: bool = False
) -> list[OrderBy]:
    ordering = []
    for name in fields:
        descending = name.startswith("-") != reverse
        column = F(name.lstrip("-"))
        if sort_matches:
            # The NULLS clause no b-tree index keeps (no NULL here to place): PostgreSQL then
            # sorts the rows its search index found, instead of walking the order's index and
            # testing each row, which costs as much as the rows that sort before the matches.
            ordering.append(column.desc(nulls_last=True) if descending else column.asc(nulls_first=True))
            continue
        if not getattr(model._meta.get_field(name.lstrip("-")), "null", True):
            # No NULLS clause where there is no NULL: SQLite uses an index only for a plain order.
            ordering.append(column.desc() if descending else column.asc())
            continue
        # PostgreSQL's own order, so its plain b-tree indexes serve both directions.
        ordering.append(column.desc(nulls_first=True) if descending else column.asc(nulls_last=True))
    return ordering


def _beyond(fields: Sequence[str], key: list[Any], *, reverse: bool) -> Q:
    """Rows strictly beyond `key` in the order (or before it, when `reverse`)."""
    condition = Q(pk__in=[])
    equal = Q()
    for name, value in zip(fields, key, strict=True):
        column = name.lstrip("-")
        descending = name.startswith("-") != reverse
        if value is None:
            # NULLs come last going up (nothing is beyond them in this column), first going down.
            step = Q(**{f"{column}__isnull": False}) if descending else Q(pk__in=[])
            same = Q(**{f"{column}__isnull": True})
        else:
            after = Q(**{f"{column}__lt" if descending else f"{column}__gt": value})
            step = after if descending else after | Q(**{f"{column}__isnull": True})
            same = Q(**{column: value})
        condition |= equal & step
        equal &= same
    return condition


def keyset_page(
    queryset: QuerySet[M], *, order: Sequence[str], cursor: str | None, size: int, sort_matches: bool = False
) -> KeysetPage[M]:
    """One page of `queryset` in `order`: the first page, or the one after or before `cursor`.
    One query; two when a page before the first is asked for (it is then the first page).

    `sort_matches`: the queryset is a search whose own index finds its rows (a name search):
    sort those rather than walk the order's index (the order's columns must be NOT NULL)."""
    decoded = decode_cursor(cursor, len(order)) if cursor else None
    if decoded is None:
        rows = list(
            queryset.order_by(*_ordering(queryset.model, order, reverse=False, sort_matches=sort_matches))[
                : size + 1
            ]
        )
        more = len(rows) > size
        rows = rows[:size]
        return KeysetPage(rows, encode_cursor("a", _key(rows[-1], order)) if more else None, None)
    direction, key = decoded
    reverse = direction == "b"
    try:
        beyond = queryset.filter(_beyond(order, key, reverse=reverse))
    except (ValueError, TypeError, ValidationError):
        # A key of the wrong types (a text for the id, a date that is none): not ours either.
        return keyset_page(queryset, order=order, cursor=None, size=size, sort_matches=sort_matches)
    found = list(
        beyond.order_by(*_ordering(queryset.model, order, reverse=reverse, sort_matches=sort_matches))[
            : size + 1
        ]
    )
    more = len(found) > size
    rows = found[:size]
    if reverse:
        if not more:
            return keyset_page(queryset, order=order, cursor=None, size=size, sort_matches=sort_matches)
        rows.reverse()
        return KeysetPage(
            rows, encode_cursor("a", _key(rows[-1], order)), encode_cursor("b", _key(rows[0], order))
        )
    following = encode_cursor("a", _key(rows[-1], order)) if more else None
    previous = encode_cursor("b", _key(rows[0], order)) if rows else None
    return KeysetPage(rows, following, previous)
