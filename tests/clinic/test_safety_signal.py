from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesodesk.clinic.safety_signal import Report, cluster_signals

DAY0 = datetime.date(2027, 5, 1)
DAY = datetime.timedelta(days=1)
KINDS = ["bruising", "swelling", "itching", "numbness", "discoloration", "stinging_burning"]


def infection(event_id: int, day: int, **keys: str) -> Report:
    return Report(
        event_id=event_id,
        kind="infection",
        onset=DAY0 + day * DAY,
        keys={dimension: (value,) for dimension, value in keys.items()},
    )


def test_the_second_infection_by_the_same_clinician_raises_a_signal() -> None:
    signals = cluster_signals([infection(1, 0, clinician="7"), infection(2, 10, clinician="7")])
    assert [(s.dimension, s.key, s.event_ids) for s in signals] == [("clinician", "7", (1, 2))]


def test_one_infection_alone_raises_nothing() -> None:
    assert cluster_signals([infection(1, 0, clinician="7", lot="L1")]) == []


@pytest.mark.parametrize(("gap", "fires"), [(29, True), (30, False)])
def test_the_window_edges_are_exact(gap: int, fires: bool) -> None:
    signals = cluster_signals([infection(1, 0, lot="L1"), infection(2, gap, lot="L1")])
    assert bool(signals) is fires


def test_a_serious_event_counts_like_an_infection() -> None:
    serious = Report(event_id=2, kind="other", onset=DAY0, serious=True, keys={"product": ("P",)})
    assert cluster_signals([infection(1, 3, product="P"), serious])[0].event_ids == (2, 1)


def test_a_third_infection_joins_the_same_signal() -> None:
    first = cluster_signals([infection(1, 0, lot="L1"), infection(2, 5, lot="L1")])
    later = cluster_signals(
        [infection(1, 0, lot="L1"), infection(2, 5, lot="L1"), infection(3, 30, lot="L1")]
    )
    assert [s.identity for s in later] == [s.identity for s in first]
    assert later[0].event_ids == (1, 2, 3)


def test_the_signal_cites_its_sources_and_says_its_numbers_are_policy() -> None:
    out = cluster_signals([infection(1, 0, lot="L1"), infection(2, 1, lot="L1")])[0].to_dict()
    assert out["sources"] == ["004_ef11466bcf6726aa", "002_f92b52b170801ca0"]
    assert out["basis"] == "policy"


def test_a_bad_window_is_refused() -> None:
    with pytest.raises(ValueError, match="window_days"):
        cluster_signals([], window_days=0)


keys = st.dictionaries(
    st.sampled_from(["lot", "product", "clinician"]),
    st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=2).map(tuple),
)


@st.composite
def reports(draw: st.DrawFn) -> list[Report]:
    n = draw(st.integers(0, 8))
    return [
        Report(
            event_id=i + 1,
            kind=draw(st.sampled_from([*KINDS, "infection"])),
            onset=DAY0 + draw(st.integers(0, 90)) * DAY,
            serious=draw(st.booleans()),
            keys=draw(keys),
        )
        for i in range(n)
    ]


@given(
    st.sampled_from(["lot", "product", "clinician"]),
    st.text("abc", min_size=1, max_size=3),
    st.integers(0, 365),
    st.integers(0, 29),
)
def test_fires_on_the_second_infection_sharing_a_key_within_the_window(
    dimension: str, key: str, start: int, gap: int
) -> None:
    signals = cluster_signals(
        [infection(1, start, **{dimension: key}), infection(2, start + gap, **{dimension: key})]
    )
    assert [(s.dimension, s.key, s.event_ids) for s in signals] == [(dimension, key, (1, 2))]


@given(st.sampled_from(KINDS), st.sampled_from(KINDS), st.integers(0, 29))
def test_never_on_two_bruises_or_other_mild_events_even_sharing_everything(
    first: str, second: str, gap: int
) -> None:
    shared = {"lot": ("L1",), "product": ("P",), "clinician": ("7",)}
    mild = [
        Report(event_id=1, kind=first, onset=DAY0, keys=shared),
        Report(event_id=2, kind=second, onset=DAY0 + gap * DAY, keys=shared),
    ]
    assert cluster_signals(mild) == []


@given(st.integers(0, 29), st.sampled_from(["lot", "product", "clinician"]))
def test_never_on_two_infections_sharing_nothing(gap: int, dimension: str) -> None:
    apart = [infection(1, 0, **{dimension: "x"}), infection(2, gap, **{dimension: "y"})]
    assert cluster_signals(apart) == []


@given(reports(), st.randoms(use_true_random=False))
def test_the_order_of_the_reports_changes_nothing(given_reports: list[Report], rng: object) -> None:
    shuffled = list(given_reports)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    before = [s.to_dict() for s in cluster_signals(given_reports)]
    assert [s.to_dict() for s in cluster_signals(shuffled)] == before


@given(reports())
def test_every_signal_holds_only_counted_reports_sharing_its_key(given_reports: list[Report]) -> None:
    by_id = {r.event_id: r for r in given_reports}
    for signal in cluster_signals(given_reports):
        assert len(signal.event_ids) >= 2
        for event_id in signal.event_ids:
            report = by_id[event_id]
            assert report.counts() and signal.key in report.keys[signal.dimension]
