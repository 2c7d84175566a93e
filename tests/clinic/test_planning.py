from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesodesk.clinic.errors import InputError
from mesodesk.clinic.planning import add_months, plan_course, preview
from tests.clinic.strategies import KB, PROTOCOLS

D = datetime.date


@given(st.sampled_from(PROTOCOLS), st.dates(min_value=D(1990, 1, 1), max_value=D(2200, 12, 31)))
def test_planned_sessions_fall_inside_their_own_windows_and_in_order(protocol: str, start: D) -> None:
    plan = plan_course(protocol, start, KB)
    previous = None
    for session in plan.sessions:
        assert session.earliest <= session.date <= session.latest
        if previous is not None:
            assert session.number == previous.number + 1
            assert session.earliest > previous.date, "a session may never move before the one it follows"
        previous = session
    assert plan.sessions[0].date == plan.sessions[0].earliest == plan.sessions[0].latest == start
    assert len(plan.sessions) == KB.protocol_by_code[protocol].sessions


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2200, 12, 31)), st.integers(0, 48))
def test_adding_months_keeps_the_day_or_the_months_last_day(day: D, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + datetime.timedelta(days=1)).day == 1)


def dates(protocol: str, start: str) -> list[tuple[str, str, str]]:
    return [
        (s["date"], s["earliest"], s["latest"])
        for s in preview({"protocol": protocol, "start": start}, KB)["sessions"]
    ]


def test_hair_loss_8_is_four_weekly_then_four_monthly_then_maintenance() -> None:
    result = preview({"protocol": "hair_loss_8", "start": "2027-01-04"}, KB)
    assert dates("hair_loss_8", "2027-01-04") == [
        ("2027-01-04", "2027-01-04", "2027-01-04"),
        ("2027-01-11", "2027-01-11", "2027-01-18"),
        ("2027-01-18", "2027-01-18", "2027-01-25"),
        ("2027-01-25", "2027-01-25", "2027-02-01"),
        ("2027-02-25", "2027-02-18", "2027-03-04"),
        ("2027-03-25", "2027-03-18", "2027-04-01"),
        ("2027-04-25", "2027-04-18", "2027-05-02"),
        ("2027-05-25", "2027-05-18", "2027-06-01"),
    ]
    assert result["maintenance"] == {
        "every_days_min": 90,
        "every_days_max": 180,
        "first_due": "2027-08-23",
    }
    assert result["sources"] == ["003_2731458d19abe466"]


def test_skin_regeneration_8_follows_the_same_rhythm() -> None:
    assert dates("skin_regeneration_8", "2027-01-04") == dates("hair_loss_8", "2027-01-04")


def test_a_course_started_on_the_31st_keeps_to_month_ends() -> None:
    # Session 4 falls on 2027-03-31; the monthly phase then lands on each month's last day.
    monthly = [d for d, _, _ in dates("hair_loss_8", "2027-03-10")[4:]]
    assert monthly == ["2027-04-30", "2027-05-31", "2027-06-30", "2027-07-31"]


def test_wrinkles_15_is_fifteen_sessions_weekly_that_may_stretch_to_four_weeks() -> None:
    result = dates("wrinkles_15", "2027-01-04")
    assert len(result) == 15
    assert result[1] == ("2027-01-11", "2027-01-11", "2027-02-01")
    assert preview({"protocol": "wrinkles_15", "start": "2027-01-04"}, KB)["maintenance"] is None


def test_cellulite_10_is_ten_sessions_one_to_two_weeks_apart() -> None:
    result = dates("cellulite_10", "2027-01-04")
    assert len(result) == 10
    assert result[9] == ("2027-03-08", "2027-03-08", "2027-03-15")


def test_sports_injury_acute_is_up_to_three_sessions_and_may_stop_after_one() -> None:
    result = preview({"protocol": "sports_injury_acute", "start": "2027-01-04"}, KB)
    assert len(result["sessions"]) == 3 and result["sessions_min"] == 1
    assert result["sources"] == ["001_cf621734e6c636d2"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"start": "2027-01-04"}, "protocol"),
        ({"protocol": "hair_loss_8"}, "start"),
        ({"protocol": "hair_loss_12", "start": "2027-01-04"}, "protocol"),
        ({"protocol": "hair_loss_8", "start": "2027-02-30"}, "start"),
        ({"protocol": "hair_loss_8", "start": "20270104"}, "start"),
        ({"protocol": "hair_loss_8", "start": 20270104}, "start"),
        ({"protocol": "hair_loss_8", "start": "9999-12-01"}, "start"),
        ({"protocol": "hair_loss_8", "start": "0001-01-01"}, "start"),
        ({"protocol": "hair_loss_8", "start": "1999-12-31"}, "start"),
        ({"protocol": "hair_loss_8", "start": "2201-01-01"}, "start"),
        ({"protocol": "hair_loss_8", "start": "2027-01-04", "end": "x"}, "end"),
    ],
)
def test_bad_plan_input_names_the_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as error:
        preview(data, KB)
    assert error.value.field == field


@given(st.sampled_from(PROTOCOLS), st.dates())
def test_a_plan_preview_answers_only_for_a_start_in_the_sensible_years(protocol: str, start: D) -> None:
    from mesodesk.clinic.fields import EARLIEST_YEAR, LATEST_YEAR

    data = {"protocol": protocol, "start": start.isoformat()}
    if EARLIEST_YEAR <= start.year <= LATEST_YEAR:
        assert preview(data, KB)["sessions"][0]["date"] == start.isoformat()
    else:
        with pytest.raises(InputError) as error:
            preview(data, KB)
        assert error.value.field == "start" and str(EARLIEST_YEAR) in str(error.value)
