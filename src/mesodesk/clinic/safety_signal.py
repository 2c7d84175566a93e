"""The infection-cluster signal: plain reports in, signals out, no database.

Why it exists: the articles put mesotherapy's real harm in bad products and failed
asepsis, atypical mycobacterial infection above all (004, "Treatment sessions and
duration"; 002, "Risks Associated with Mesotherapy": infections where hygiene was poor).
A shared cause shows as infections sharing a lot, a product or the clinician who
injected; the clinic must see it at the second patient, not the third.

The numbers (two reports, a 30-day window) are the clinic's policy, not the articles':
the articles give no threshold. Every signal says so (`basis`).

A report counts when it is an infection or marked serious; a bruise, a swelling or
an itch that is not serious never counts. Two counted reports are "within the window"
when their onsets fit in one span of `window_days` days: at most `window_days - 1` days
apart (with 30, onsets on day 0 and day 29 fire; day 0 and day 30 do not).
"""

from __future__ import annotations

import datetime

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

SOURCES = ("004_ef11466bcf6726aa", "002_f92b52b170801ca0")
INFECTION = "infection"
DEFAULT_WINDOW_DAYS = 30
DEFAULT_THRESHOLD = 2
DEFAULT_DIMENSIONS = ("lot", "product", "clinician")


class Report:
    """One adverse event as the rule sees it: its id, type, seriousness, onset and the keys
    it may share with another (e.g. {"clinician": ("7",), "lot": ("L-2031", "L-2032")})."""

    __slots__ = ("event_id", "keys", "kind", "onset", "serious")

    def __init__(
        self,
        *,
        event_id: int,
        kind: str,
        onset: datetime.date,
        serious: bool = False,
        keys: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.event_id = event_id
        self.kind = kind
        self.onset = onset
        self.serious = serious
        self.keys = keys or {}

    def counts(self) -> bool:
        return self.kind == INFECTION or self.serious

    def __repr__(self) -> str:
        return f"Report({self.event_id}, {self.kind!r}, {self.onset.isoformat()})"


class Signal:
    """Counted reports sharing one key, close enough in time. Its identity (`identity`)
    is the key and its first report, so a third report joins the same signal."""

    __slots__ = ("dimension", "event_ids", "first_onset", "key", "last_onset")

    def __init__(
        self,
        *,
        dimension: str,
        key: str,
        event_ids: tuple[int, ...],
        first_onset: datetime.date,
        last_onset: datetime.date,
    ) -> None:
        self.dimension = dimension
        self.key = key
        self.event_ids = event_ids
        self.first_onset = first_onset
        self.last_onset = last_onset

    @property
    def identity(self) -> str:
        return f"{self.dimension}:{self.key}:{self.event_ids[0]}"

    def to_dict(self) -> dict[str, object]:
        return {
            "dimension": self.dimension,
            "key": self.key,
            "event_ids": list(self.event_ids),
            "first_onset": self.first_onset.isoformat(),
            "last_onset": self.last_onset.isoformat(),
            "sources": list(SOURCES),
            "basis": "policy",
        }

    def __repr__(self) -> str:
        return f"Signal({self.identity!r}, {self.event_ids})"


def cluster_signals(
    reports: Iterable[Report],
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    threshold: int = DEFAULT_THRESHOLD,
    dimensions: tuple[str, ...] = DEFAULT_DIMENSIONS,
) -> list[Signal]:
    """Every signal in these reports, whatever their order.

    Per key, counted reports are taken by onset (then id, so ties are stable) and chained
    while each is less than `window_days` after the previous; a chain holding `threshold`
    reports inside one window is a signal, with all of the chain's reports."""
    if window_days < 1 or threshold < 2:
        raise ValueError("window_days must be at least 1 and threshold at least 2")
    by_key: dict[tuple[str, str], list[Report]] = {}
    for report in reports:
        if not report.counts():
            continue
        for dimension in dimensions:
            for key in set(report.keys.get(dimension, ())):
                by_key.setdefault((dimension, key), []).append(report)
    span = datetime.timedelta(days=window_days - 1)
    found: list[Signal] = []
    for (dimension, key), group in by_key.items():
        group.sort(key=lambda r: (r.onset, r.event_id))
        chains: list[list[Report]] = []
        for report in group:
            if chains and report.onset - chains[-1][-1].onset <= span:
                chains[-1].append(report)
            else:
                chains.append([report])
        for chain in chains:
            if _dense_enough(chain, span, threshold):
                found.append(
                    Signal(
                        dimension=dimension,
                        key=key,
                        event_ids=tuple(r.event_id for r in chain),
                        first_onset=chain[0].onset,
                        last_onset=chain[-1].onset,
                    )
                )
    return sorted(found, key=lambda s: (s.first_onset, s.dimension, s.key, s.event_ids))


def _dense_enough(chain: list[Report], span: datetime.timedelta, threshold: int) -> bool:
    """Some `threshold` consecutive reports of the chain fit in one window."""
    return any(
        chain[i + threshold - 1].onset - chain[i].onset <= span for i in range(len(chain) - threshold + 1)
    )
