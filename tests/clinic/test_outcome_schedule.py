"""Due dates from the schedule."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesodesk.clinic.errors import InputError
from mesodesk.clinic.outcome_schedule import (
    Due,
    add_months,
    default_schedule,
    due_items,
    parse_schedule,
    timepoint_dates,
)
from mesodesk.clinic.outcomes import BUILT_IN

D = datetime.date
WEEKLY = [(n, D(2027, 3, 1) + datetime.timedelta(weeks=n - 1)) for n in range(1, 9)]


def test_the_timepoints_fall_on_the_first_fourth_and_last_sessions() -> None:
    dates = timepoint_dates(WEEKLY)
    assert dates["baseline"] == D(2027, 3, 1)
    assert dates["session_4"] == D(2027, 3, 22)
    assert dates["end"] == D(2027, 4, 19)


def test_the_follow_ups_are_3_and_6_calendar_months_after_the_last_session() -> None:
    dates = timepoint_dates(WEEKLY)
    assert dates["month_3"] == D(2027, 7, 19)
    assert dates["month_6"] == D(2027, 10, 19)


def test_a_month_end_falls_on_the_last_day_of_a_shorter_month() -> None:
    assert add_months(D(2027, 8, 31), 6) == D(2028, 2, 29)
    assert add_months(D(2027, 11, 30), 3) == D(2028, 2, 29)


def test_a_course_of_three_sessions_has_no_session_4() -> None:
    assert "session_4" not in timepoint_dates(WEEKLY[:3])


def test_a_course_without_sessions_has_nothing_due() -> None:
    assert due_items(default_schedule("wrinkles"), []) == []


def test_the_sessions_order_does_not_matter() -> None:
    assert timepoint_dates(list(reversed(WEEKLY))) == timepoint_dates(WEEKLY)


def test_pain_asks_the_scale_at_four_timepoints() -> None:
    due = due_items(default_schedule("chronic_pain"), WEEKLY)
    assert [(d.instrument, d.timepoint) for d in due if d.instrument == "pain_vas"] == [
        ("pain_vas", "baseline"),
        ("pain_vas", "session_4"),
        ("pain_vas", "end"),
        ("pain_vas", "month_3"),
    ]


def test_what_was_answered_is_no_longer_due() -> None:
    due = due_items(default_schedule("chronic_pain"), WEEKLY, answered=[("pain_vas", "baseline")])
    assert Due(instrument="pain_vas", timepoint="baseline", date=D(2027, 3, 1)) not in due


def test_hair_loss_stages_a_man_on_norwood_and_a_woman_on_ludwig() -> None:
    assert default_schedule("hair_loss", "male")[0][0] == "hair_stage_norwood"
    assert default_schedule("hair_loss", "female")[0][0] == "hair_stage_ludwig"


def test_skin_ageing_asks_gais_wrinkles_glogau_and_satisfaction() -> None:
    codes = {code for code, _ in default_schedule("skin_rejuvenation")}
    assert codes == {
        "gais_subject",
        "gais_investigator",
        "wrinkle_severity",
        "glogau",
        "network_satisfaction",
    }


@given(st.sampled_from(["hair_loss", "wrinkles", "cellulite", "chronic_pain", "acne"]))
def test_every_default_asks_for_satisfaction_and_only_known_instruments(indication: str) -> None:
    schedule = default_schedule(indication)
    assert all(code in BUILT_IN for code, _ in schedule)
    assert "network_satisfaction" in {code for code, _ in schedule}


@given(
    start=st.dates(D(2020, 1, 1), D(2035, 1, 1)),
    gaps=st.lists(st.integers(1, 60), min_size=0, max_size=14),
)
def test_due_dates_are_in_order_and_never_before_the_first_session(
    start: datetime.date, gaps: list[int]
) -> None:
    sessions = [(1, start)]
    for n, gap in enumerate(gaps, start=2):
        sessions.append((n, sessions[-1][1] + datetime.timedelta(days=gap)))
    due = due_items(default_schedule("wrinkles"), sessions)
    dates = [d.date for d in due]
    assert dates == sorted(dates)
    assert all(d >= start for d in dates)


def test_a_clinic_schedule_is_parsed_in_timepoint_order() -> None:
    parsed = parse_schedule([{"instrument": "glogau", "timepoints": ["end", "baseline"]}])
    assert parsed == (("glogau", ("baseline", "end")),)


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([], "items"),
        ([{"instrument": "nope", "timepoints": ["end"]}], "items[0].instrument"),
        ([{"instrument": "glogau", "timepoints": ["year_2"]}], "items[0].timepoints"),
        ([{"instrument": "glogau"}], "items[0]"),
        (
            [
                {"instrument": "glogau", "timepoints": ["end"]},
                {"instrument": "glogau", "timepoints": ["end"]},
            ],
            "items[1].instrument",
        ),
    ],
)
def test_a_bad_clinic_schedule_is_refused_naming_the_item(items: object, field: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_schedule(items)
    assert caught.value.field == field


def test_a_clinic_schedule_may_use_the_clinic_own_instrument() -> None:
    parsed = parse_schedule([{"instrument": "itch", "timepoints": ["end"]}], known=["itch"])
    assert parsed == (("itch", ("end",)),)
