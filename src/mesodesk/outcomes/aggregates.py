""" "instrument:timepoint" pairs of a group joined by commas, on SQLite and PostgreSQL alike
(Django 5.2 has no portable string aggregate): lets the dashboard read what a course has
answered inside the one query it may add."""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, CharField, F, Value
from django.db.models.functions import Concat


class StringAgg(Aggregate):
    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = CharField()

    def __init__(self, first: str, second: str, **extra: Any) -> None:
        super().__init__(Concat(F(first), Value(":"), F(second), output_field=CharField()), **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, function="STRING_AGG", template="%(function)s(%(expressions)s, ',')"
        )
