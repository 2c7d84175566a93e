"""Honest statistics for the outcomes dashboard: counts, proportions with Wilson 95 %
intervals, paired before/after differences with their t interval (numeric scales), the
share improved / unchanged / worse with a Wilcoxon signed-rank test (ordinal scales), and a
warning when a group is too small to say anything. Numbers in, numbers out; no database.

The thresholds (fewer than 5 answers for a proportion, fewer than 3 pairs for a
difference) are mesodesk's policy for when an interval is too wide to read, not a
clinical fact."""

from __future__ import annotations

import math

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

MIN_FOR_PROPORTION = 5
MIN_PAIRS = 3
Z_95 = 1.959963984540054  # the standard normal's 97.5th percentile


class Proportion:
    """`count` of `n`, with its Wilson score 95 % interval; `too_small` below the threshold."""

    __slots__ = ("count", "high", "low", "n")

    def __init__(self, count: int, n: int) -> None:
        if n < 0 or not 0 <= count <= max(n, 0):
            raise ValueError("count must be between 0 and n")
        self.count = count
        self.n = n
        self.low, self.high = wilson(count, n)

    @property
    def value(self) -> float:
        return self.count / self.n if self.n else 0.0

    @property
    def too_small(self) -> bool:
        return self.n < MIN_FOR_PROPORTION

    def __repr__(self) -> str:
        return f"Proportion({self.count}/{self.n}, [{self.low:.3f}, {self.high:.3f}])"


def wilson(count: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of count/n; (0, 1) when there is nothing to go on."""
    if n == 0:
        return 0.0, 1.0
    p = count / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # At 0 and at n the bounds are exactly 0 and 1; rounding must not move them inside.
    low = 0.0 if count == 0 else max(0.0, centre - half)
    high = 1.0 if count == n else min(1.0, centre + half)
    return low, high


class PairedDifference:
    """After minus before over `n` pairs: mean, and its 95 % t interval (None below
    `MIN_PAIRS`, or when all differences are equal the interval is the mean itself)."""

    __slots__ = ("high", "low", "mean", "n")

    def __init__(self, before: Sequence[float], after: Sequence[float]) -> None:
        if len(before) != len(after):
            raise ValueError("before and after must pair up")
        diffs = [a - b for b, a in zip(before, after, strict=True)]
        self.n = len(diffs)
        self.mean: float | None = sum(diffs) / self.n if self.n else None
        self.low: float | None = None
        self.high: float | None = None
        if self.n >= MIN_PAIRS and self.mean is not None:
            sd = math.sqrt(sum((d - self.mean) ** 2 for d in diffs) / (self.n - 1))
            # scipy loads in a fraction of a second: only when a difference is computed.
            from scipy import stats

            half = float(stats.t.ppf(0.975, self.n - 1)) * sd / math.sqrt(self.n)
            self.low, self.high = self.mean - half, self.mean + half

    @property
    def too_small(self) -> bool:
        return self.n < MIN_PAIRS

    def __repr__(self) -> str:
        return f"PairedDifference(n={self.n}, mean={self.mean}, [{self.low}, {self.high}])"


class OrdinalChange:
    """Before/after on an ordinal scale (grades, stages), compared by rank, never averaged:
    the share of pairs improved, unchanged and worse (each a Proportion with its Wilson
    interval) and a Wilcoxon signed-rank test of the ranks (scipy; zero differences
    dropped, as Wilcoxon's original method does). `better` is "lower" or "higher": which
    way of the scale is improvement. `p_value` is None below `MIN_PAIRS` or when no pair
    changed (there is nothing to test)."""

    __slots__ = ("improved", "n", "p_value", "unchanged", "worse")

    def __init__(self, before: Sequence[float], after: Sequence[float], better: str) -> None:
        if len(before) != len(after):
            raise ValueError("before and after must pair up")
        if better not in ("lower", "higher"):
            raise ValueError("better must be 'lower' or 'higher'")
        sign = -1 if better == "lower" else 1
        diffs = [(a - b) * sign for b, a in zip(before, after, strict=True)]
        self.n = len(diffs)
        self.improved = Proportion(sum(d > 0 for d in diffs), self.n)
        self.unchanged = Proportion(sum(d == 0 for d in diffs), self.n)
        self.worse = Proportion(sum(d < 0 for d in diffs), self.n)
        self.p_value: float | None = None
        if self.n >= MIN_PAIRS and any(diffs):
            from scipy import stats

            self.p_value = float(stats.wilcoxon(diffs, zero_method="wilcox").pvalue)

    @property
    def too_small(self) -> bool:
        return self.n < MIN_PAIRS

    def __repr__(self) -> str:
        return (
            f"OrdinalChange(n={self.n}, improved={self.improved.count}, "
            f"unchanged={self.unchanged.count}, worse={self.worse.count}, p={self.p_value})"
        )
