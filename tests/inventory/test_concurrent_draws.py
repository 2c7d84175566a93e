"""50 sessions drawing from one lot at once, each in its own thread and database connection,
on the suite's database (SQLite, or PostgreSQL when DATABASE_URL names it): the final stock is
exact, never negative, and every refusal is counted."""

from __future__ import annotations

import importlib
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django_scopes import scope, scopes_disabled

from mesodesk.inventory.models import Lot
from mesodesk.inventory.services import lot_draw
from tests.inventory.conftest import make_lot, make_product, movement_sum, on_hand

DRAWS = 50
# The audit tables refuse DELETE and TRUNCATE by trigger (accounts migrations 0002 and 0009);
# the threads need committed rows, so these tests run in a transactional database that is
# flushed after each test: the triggers are lifted for that flush only, and put back right after.
_APPEND_ONLY = [
    importlib.import_module(f"mesodesk.accounts.migrations.{name}")
    for name in ("0002_audit_append_only", "0009_audit_listed_patients")
]


def _guards(forward: bool) -> list[str]:
    """The statements that put the audit tables' triggers back (or lift them), on this database:
    0009's triggers call 0002's function, so they are lifted first and put back last."""
    vendor = "SQLITE" if connection.vendor == "sqlite" else "POSTGRES"
    if forward:
        return [sql for m in _APPEND_ONLY for sql in getattr(m, vendor)]
    return [sql for m in reversed(_APPEND_ONLY) for sql in getattr(m, f"{vendor}_REVERSE")]


def _execute(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.fixture
def _triggers_back_after_the_flush(django_db_blocker: Any) -> Iterator[None]:
    """Set up before the transactional database, so torn down after its flush."""
    yield
    with django_db_blocker.unblock():
        _execute(_guards(forward=False))  # idempotent: IF EXISTS
        _execute(_guards(forward=True))


@pytest.fixture
def committed(_triggers_back_after_the_flush: None, transactional_db: None) -> Iterator[None]:
    yield
    _execute(_guards(forward=False))


def _draw_in_thread(lot_id: int, quantity: int, by: Any, start: threading.Barrier) -> str:
    try:
        with scopes_disabled():
            lot = Lot.objects.select_related("product", "clinic").get(pk=lot_id)
        start.wait()
        with scope(clinic=lot.clinic):
            lot_draw(lot=lot, quantity=quantity, by=by, reference=f"thread-{threading.get_ident()}")
        return "drawn"
    except ValidationError as refused:
        return refused.error_dict["quantity"][0].code or "refused"
    finally:
        connections.close_all()


def _race(lot: Lot, quantities: list[int], by: Any) -> Counter[str]:
    start = threading.Barrier(len(quantities))
    with ThreadPoolExecutor(max_workers=len(quantities)) as pool:
        outcomes = list(pool.map(lambda q: _draw_in_thread(lot.pk, q, by, start), quantities))
    return Counter(outcomes)


def test_50_concurrent_draws_of_one_unit_from_30_leave_exactly_zero(
    committed: None, clinic_a: Any, alice: Any
) -> None:
    lot = make_lot(make_product(clinic_a, alice), alice, quantity=30)

    outcomes = _race(lot, [1] * DRAWS, alice)

    assert outcomes == {"drawn": 30, "insufficient_stock": DRAWS - 30}
    assert on_hand(lot) == 0
    assert movement_sum(lot) == 0
    with scopes_disabled():
        assert lot.movements.filter(kind="drawn").count() == 30


def test_50_concurrent_draws_of_mixed_sizes_lose_no_decrement(
    committed: None, clinic_a: Any, alice: Any
) -> None:
    lot = make_lot(make_product(clinic_a, alice), alice, quantity=70)
    quantities = [1 + i % 3 for i in range(DRAWS)]  # 100 units asked for, 70 on hand

    outcomes = _race(lot, quantities, alice)

    with scopes_disabled():
        drawn = -sum(lot.movements.filter(kind="drawn").values_list("quantity", flat=True))
        afters = list(lot.movements.values_list("on_hand_after", flat=True))
    assert outcomes["drawn"] + outcomes["insufficient_stock"] == DRAWS
    assert outcomes["insufficient_stock"] >= 1
    assert on_hand(lot) == 70 - drawn >= 0
    assert on_hand(lot) < 3  # refused only once too few were left for some draw
    assert movement_sum(lot) == on_hand(lot)
    assert min(afters) >= 0
    assert len(set(afters)) == len(afters)  # each draw saw the stock its predecessor left
