"""A bearer token's membership in one statement written once, not one query built per request.

Every API call by a script starts here, so what it costs is the floor of the whole API. The
ORM's version of this query (the token by its hash, the membership with its person, clinic
and network in the same statement) spent most of its time building and compiling the query
in Python, the same text every time. Here the text is written once per database vendor, and
the rows come back through each field's own converters (dates, booleans, JSON) into the
model instances the ORM would have made, the clinic's logo left deferred.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Model

from mesodesk.accounts.models import ApiToken, Clinic, Membership, Network
from mesodesk.accounts.sql import sql_identifier
from mesodesk.accounts.tokens import token_hash

# The clinic's logo (up to 200 kB) only for the documents that print it, not on every call.
_NOT_READ: dict[type[Model], set[str]] = {Clinic: {"logo"}}
Converter = Callable[[Any, Any, Any], Any]


def _models() -> list[type[Model]]:
    """The rows the statement reads, in its column order."""
    return [Membership, get_user_model(), Clinic, Network]


def _fields(model: type[Model]) -> list[Any]:
    skipped = _NOT_READ.get(model, set())
    return [f for f in model._meta.concrete_fields if f.attname not in skipped]


def _columns(alias: str, model: type[Model]) -> str:
    return ", ".join(f"{sql_identifier(alias)}.{sql_identifier(f.column)}" for f in _fields(model))


def _statement() -> str:
    user = get_user_model()
    m, t, u, c, n = (sql_identifier(a) for a in ("m", "t", "u", "c", "n"))
    table = {
        model: sql_identifier(model._meta.db_table) for model in (Membership, ApiToken, user, Clinic, Network)
    }
    columns = ", ".join(_columns(a, model) for a, model in zip("mucn", _models(), strict=True))
    return (
        f"SELECT {columns} FROM {table[Membership]} {m} "  # noqa: S608 - names through sql_identifier
        f"JOIN {table[ApiToken]} {t} ON {t}.{sql_identifier('user_id')} = {m}.{sql_identifier('user_id')} "
        f"AND {t}.{sql_identifier('clinic_id')} = {m}.{sql_identifier('clinic_id')} "
        f"JOIN {table[user]} {u} ON {u}.{sql_identifier('id')} = {m}.{sql_identifier('user_id')} "
        f"JOIN {table[Clinic]} {c} ON {c}.{sql_identifier('id')} = {m}.{sql_identifier('clinic_id')} "
        f"JOIN {table[Network]} {n} ON {n}.{sql_identifier('id')} = {c}.{sql_identifier('network_id')} "
        f"WHERE {t}.{sql_identifier('key_hash')} = %s AND {t}.{sql_identifier('revoked_at')} IS NULL "
        f"AND {u}.{sql_identifier('is_active')} = %s LIMIT 1"
    )


class _Compiled:
    """The statement and, per model, its fields and their converters: made once per vendor."""

    def __init__(self) -> None:
        self.sql = _statement()
        self.models: list[tuple[type[Model], list[str], list[tuple[Any, list[Converter]]]]] = []
        for model in _models():
            fields = _fields(model)
            converted = []
            for f in fields:
                column = f.get_col(model._meta.db_table)
                converters = [*connection.ops.get_db_converters(column), *f.get_db_converters(connection)]
                converted.append((column, converters))
            self.models.append((model, [f.attname for f in fields], converted))

    def instances(self, row: Sequence[Any]) -> list[Model]:
        made, start = [], 0
        for model, names, converted in self.models:
            values = []
            for offset, (column, converters) in enumerate(converted):
                value = row[start + offset]
                for convert in converters:
                    value = convert(value, column, connection)
                values.append(value)
            start += len(names)
            made.append(model.from_db(connection.alias, names, values))
        return made


_compiled: dict[str, _Compiled] = {}


def membership_for_token_hash(key: str) -> Membership | None:
    """The live membership of the token with this key (see selectors.membership_for_api_token)."""
    compiled = _compiled.get(connection.vendor)
    if compiled is None:
        compiled = _compiled[connection.vendor] = _Compiled()
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, [token_hash(key), True])
        row = cursor.fetchone()
    if row is None:
        return None
    membership, user, clinic, network = compiled.instances(row)
    clinic.network = network  # type: ignore[attr-defined]
    membership.clinic = clinic  # type: ignore[attr-defined]
    membership.user = user  # type: ignore[attr-defined]
    assert isinstance(membership, Membership)  # noqa: S101 - from_db of Membership, for mypy
    return membership
