"""Proportions with Wilson intervals and paired differences, checked against scipy."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from mesodesk.clinic.outcome_stats import PairedDifference, Proportion, wilson


def test_wilson_matches_the_published_example() -> None:
    # Newcombe (1998), example: 81/263 → 0.2553 to 0.3662.
    low, high = wilson(81, 263)
    assert round(low, 4) == 0.2553
    assert round(high, 4) == 0.3662


@given(n=st.integers(1, 5000), data=st.data())
def test_the_interval_holds_the_proportion_and_stays_in_0_1(n: int, data: st.DataObject) -> None:
    count = data.draw(st.integers(0, n))
    low, high = wilson(count, n)
    assert 0.0 <= low <= count / n <= high <= 1.0


def test_a_proportion_of_four_is_too_small_and_five_is_not() -> None:
    assert Proportion(2, 4).too_small
    assert not Proportion(2, 5).too_small


def test_a_count_above_n_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and n"):
        Proportion(6, 5)


def test_the_paired_interval_equals_scipy_t_interval() -> None:
    before, after = [6.0, 7.0, 5.0, 8.0, 6.0], [3.0, 5.0, 4.0, 4.0, 2.0]
    result = PairedDifference(before, after)
    diffs = [a - b for b, a in zip(before, after, strict=True)]
    low, high = stats.t.interval(0.95, len(diffs) - 1, loc=sum(diffs) / 5, scale=stats.sem(diffs))
    assert result.mean == pytest.approx(-2.8)
    assert result.low == pytest.approx(low)
    assert result.high == pytest.approx(high)


def test_two_pairs_have_a_mean_but_no_interval() -> None:
    result = PairedDifference([5.0, 6.0], [3.0, 3.0])
    assert result.too_small
    assert result.mean == pytest.approx(-2.5)
    assert result.low is None


@given(st.lists(st.tuples(st.integers(0, 10), st.integers(0, 10)), min_size=3, max_size=40))
def test_the_paired_interval_holds_the_mean(pairs: list[tuple[int, int]]) -> None:
    result = PairedDifference([float(b) for b, _ in pairs], [float(a) for _, a in pairs])
    assert result.low is not None and result.high is not None and result.mean is not None
    assert result.low <= result.mean + 1e-9
    assert result.mean <= result.high + 1e-9
    assert not math.isnan(result.low)
