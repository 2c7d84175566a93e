from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesodesk.clinic.scheduling import Booking, check_booking
from tests.clinic.strategies import KB

UTC = datetime.UTC
T0 = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
HOUR = datetime.timedelta(hours=1)


def session(start: datetime.datetime = T0, **kw: object) -> Booking:
    return Booking(kind="mesotherapy", start=start, end=start + HOUR / 2, **kw)  # type: ignore[arg-type]


def codes(booking: Booking) -> dict[str, str]:
    return {f.code: f.level for f in check_booking(booking, KB)}


def test_a_plain_session_passes_every_gate() -> None:
    assert codes(session()) == {}


@pytest.mark.parametrize(
    ("day", "outside"),
    [
        (datetime.date(2027, 2, 28), True),
        (datetime.date(2027, 3, 1), False),
        (datetime.date(2027, 3, 8), False),
        (datetime.date(2027, 3, 9), True),
    ],
)
def test_a_session_outside_its_window_is_a_warning_showing_the_window(
    day: datetime.date, outside: bool
) -> None:
    start = datetime.datetime.combine(day, datetime.time(10), tzinfo=UTC)
    findings = check_booking(
        session(
            start,
            window=(datetime.date(2027, 3, 1), datetime.date(2027, 3, 8)),
            window_sources=("003_2731458d19abe466",),
        ),
        KB,
    )
    assert [(f.code, f.level) for f in findings] == ([("outside_window", "warning")] if outside else [])
    if outside:
        assert "2027-03-01 to 2027-03-08" in findings[0].message and findings[0].sources


def test_unresolved_bruising_blocks_the_next_session() -> None:
    finding = check_booking(session(bruising_unresolved=True), KB)[0]
    assert (finding.code, finding.level) == ("bruising_unresolved", "blocked")
    assert finding.sources == ("002_f92b52b170801ca0",)


def test_antiplatelet_drugs_bring_advice_to_stop_48_hours_before() -> None:
    finding = check_booking(session(antiplatelet_drugs=("aspirin",)), KB)[0]
    assert (
        finding.level == "advice"
        and "by 2027-02-27 10:00" in finding.message
        and "48 hours" in finding.message
    )


@pytest.mark.parametrize("device", ["iontophoresis", "ultrasonolysis", "electrostimulation"])
@pytest.mark.parametrize(
    ("hours_after_end", "blocked"), [(-0.5, False), (0, True), (71.99, True), (72, False), (100, False)]
)
def test_a_device_treatment_within_72_hours_after_a_session_is_blocked_both_ways(
    device: str, hours_after_end: float, blocked: bool
) -> None:
    end = T0 + HOUR / 2
    device_start = end + datetime.timedelta(hours=hours_after_end)
    as_session = session(other_appointments=((device, device_start, device_start + HOUR),))
    as_device = Booking(
        kind=device,
        start=device_start,
        end=device_start + HOUR,
        other_appointments=(("mesotherapy", T0, end),),
    )
    for booking in (as_session, as_device):
        assert (codes(booking).get("device_within_72h") == "blocked") is blocked


def test_a_device_treatment_before_a_session_is_not_gated() -> None:
    assert codes(session(other_appointments=(("iontophoresis", T0 - 5 * HOUR, T0 - 4 * HOUR),))) == {}


def test_a_blocked_screening_blocks_and_a_missing_consent_warns_on_policy() -> None:
    findings = check_booking(session(screening_blocked=True, consent_in_force=False), KB)
    assert [(f.code, f.level) for f in findings] == [
        ("screening_contraindicated", "blocked"),
        ("consent_missing", "warning"),
    ]
    assert findings[0].sources and findings[1].to_dict()["basis"] == "policy"


@given(
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.lists(st.sampled_from(["aspirin", "nsaid"]), max_size=2, unique=True),
    st.integers(-200, 200),
)
def test_gates_are_sorted_blocked_first_and_sourced_unless_policy(
    bruise: bool, screening: bool, consent: bool, drugs: list[str], offset: int
) -> None:
    start = T0 + datetime.timedelta(hours=offset)
    findings = check_booking(
        session(start, bruising_unresolved=bruise, screening_blocked=screening, consent_in_force=consent, antiplatelet_drugs=tuple(drugs),
                other_appointments=(("electrostimulation", T0, T0 + HOUR),)),
        KB,
    )  # fmt: skip
    levels = [f.level for f in findings]
    assert levels == sorted(levels, key=["blocked", "warning", "advice"].index)
    assert all(f.sources or f.code == "consent_missing" for f in findings)
    assert ("bruising_unresolved" in {f.code for f in findings}) is bruise


def test_every_finding_carries_its_facts_as_plain_values_so_a_screen_can_write_its_sentence() -> None:
    import json

    findings = check_booking(
        session(
            window=(datetime.date(2027, 3, 2), datetime.date(2027, 3, 8)),
            bruising_unresolved=True,
            antiplatelet_drugs=("aspirin", "nsaid"),
            other_appointments=(("iontophoresis", T0 + 2 * HOUR, T0 + 3 * HOUR),),
        ),
        KB,
    )
    params = {f.code: f.to_dict()["params"] for f in findings}
    assert params == {
        "outside_window": {"day": "2027-03-01", "earliest": "2027-03-02", "latest": "2027-03-08"},
        "bruising_unresolved": {"care": "next_session_after_bruising"},
        "antiplatelet_washout": {
            "drugs": ["aspirin", "nsaid"],
            "stop_by": "2027-02-27T10:00:00+00:00",
            "hours": 48,
        },
        "device_within_72h": {
            "kind": "iontophoresis",
            "device_start": "2027-03-01T12:00:00+00:00",
            "session_end": "2027-03-01T10:30:00+00:00",
            "hours": 72,
            "care": "no_device_treatments_72h",
        },
    }
    assert json.loads(json.dumps([f.to_dict() for f in findings]))  # stored on the row as they are
