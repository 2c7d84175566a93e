"""Complementary suppression: after it, no hidden cell of a table can be worked out from a
shown total and the shown cells of its row or column, and no shown count is 1 to 4."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mesodesk.clinic.registry import SMALL_CELL, complementary_suppression

Table = list[list[int]]


def _with_margins(table: Table) -> tuple[list[int], list[tuple[list[int], int]]]:
    """The cells, row totals, column totals and grand total of `table`, flat, and its lines."""
    rows, columns = len(table), len(table[0])
    values = [value for row in table for value in row]
    row_totals = [len(values) + r for r in range(rows)]
    values += [sum(row) for row in table]
    column_totals = [len(values) + c for c in range(columns)]
    values += [sum(row[c] for row in table) for c in range(columns)]
    grand = len(values)
    values.append(sum(map(sum, table)))
    lines = [([r * columns + c for c in range(columns)], row_totals[r]) for r in range(rows)]
    lines += [([r * columns + c for r in range(rows)], column_totals[c]) for c in range(columns)]
    lines += [(row_totals, grand), (column_totals, grand)]
    return values, lines


tables = st.integers(1, 4).flatmap(
    lambda columns: st.lists(
        st.lists(st.integers(0, 12), min_size=columns, max_size=columns), min_size=1, max_size=5
    )
)


@given(tables)
def test_no_hidden_cell_can_be_had_by_subtraction(table: Table) -> None:
    values, lines = _with_margins(table)
    hidden = complementary_suppression(values, lines)
    for cells, total in lines:
        if total not in hidden:
            assert sum(cell in hidden for cell in cells) != 1


@given(tables)
def test_no_shown_count_is_small(table: Table) -> None:
    values, lines = _with_margins(table)
    hidden = complementary_suppression(values, lines)
    assert all(not 0 < value < SMALL_CELL for i, value in enumerate(values) if i not in hidden)


def test_a_lone_small_cell_takes_the_smallest_other_cell_of_its_row_with_it() -> None:
    # 3 | 9 | 20 → 32: 32 - 9 - 20 gave the 3; hiding the 9 as well leaves 12 for two cells.
    hidden = complementary_suppression([3, 9, 20, 32], [([0, 1, 2], 3)])
    assert hidden == {0, 1}


def test_the_total_is_hidden_where_no_other_cell_can_be() -> None:
    hidden = complementary_suppression([3, 0, 3], [([0, 1], 2)])
    assert hidden == {0, 2}


def test_a_table_without_small_cells_hides_nothing() -> None:
    assert complementary_suppression([5, 0, 7, 12], [([0, 1, 2], 3)]) == set()
