"""Proportions with Wilson intervals and paired differences, checked against scipy."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from mesodesk.clinic.outcome_stats import OrdinalChange, PairedDifference, Proportion, wilson


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


# Issue 14: an ordinal scale's before/after is counted, never averaged.
ranks = st.lists(st.tuples(st.integers(1, 12), st.integers(1, 12)), max_size=40)


@settings(deadline=None)  # scipy's first Wilcoxon call loads its modules: not a wall-time test
@given(ranks, st.sampled_from(["lower", "higher"]))
def test_ordinal_change_counts_every_pair_once_and_mirrors_with_direction(
    pairs: list[tuple[int, int]], better: str
) -> None:
    before, after = [float(b) for b, _ in pairs], [float(a) for _, a in pairs]
    change = OrdinalChange(before, after, better)
    assert change.improved.count + change.unchanged.count + change.worse.count == change.n == len(pairs)
    other = OrdinalChange(before, after, "higher" if better == "lower" else "lower")
    assert (other.improved.count, other.worse.count) == (change.worse.count, change.improved.count)
    swapped = OrdinalChange(after, before, better)
    assert (swapped.improved.count, swapped.unchanged.count) == (change.worse.count, change.unchanged.count)
    assert (change.improved.low, change.improved.high) == wilson(change.improved.count, change.n)
    if change.p_value is not None:
        assert 0.0 < change.p_value <= 1.0
    assert change.too_small == (change.n < 3)


def test_ordinal_change_lower_is_better_counts_a_stage_down_as_improved() -> None:
    change = OrdinalChange([3, 4, 2, 3], [2, 3, 2, 4], "lower")  # Glogau III→II, IV→III, II→II, III→IV
    assert (change.improved.count, change.unchanged.count, change.worse.count) == (2, 1, 1)
    assert change.p_value is not None


def test_ordinal_change_with_no_change_has_nothing_to_test() -> None:
    assert OrdinalChange([2, 2, 3], [2, 2, 3], "lower").p_value is None
