"""Scoring of every built-in instrument: in range, refused when out of it, monotone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mesodesk.clinic.errors import InputError
from mesodesk.clinic.outcomes import (
    BUILT_IN,
    CATEGORICAL,
    NUMERIC,
    Scored,
    custom_instrument,
)

NUMERIC_CODES = sorted(c for c, i in BUILT_IN.items() if i.kind == NUMERIC)
CATEGORICAL_CODES = sorted(c for c, i in BUILT_IN.items() if i.kind == CATEGORICAL)


def test_the_contract_lists_nine_built_in_instruments() -> None:
    assert set(BUILT_IN) == {
        "network_satisfaction",
        "gais_subject",
        "gais_investigator",
        "pain_vas",
        "hair_stage_norwood",
        "hair_stage_ludwig",
        "phototrichogram_density",
        "wrinkle_severity",
        "glogau",
    }


@pytest.mark.parametrize("code", sorted(BUILT_IN))
def test_every_instrument_says_where_it_comes_from(code: str) -> None:
    instrument = BUILT_IN[code]
    from_sources = bool(instrument.sources)
    assert from_sources or "Not from the project's sources" in instrument.source_note


def test_only_the_network_satisfaction_comes_from_the_sources() -> None:
    assert [c for c, i in BUILT_IN.items() if i.sources] == ["network_satisfaction"]


def test_satisfaction_is_scored_as_its_level() -> None:
    assert BUILT_IN["network_satisfaction"].score({"value": "very_satisfied"}) == Scored(
        score=None, category="very_satisfied"
    )


def test_gais_scores_its_point_with_the_grade() -> None:
    assert BUILT_IN["gais_subject"].score({"value": 3}) == Scored(score=Decimal(3), category="improved")
    assert BUILT_IN["gais_investigator"].score({"value": 1}).category == "very_much_improved"
    assert BUILT_IN["gais_investigator"].score({"value": 5}).category == "worse"


def test_pain_keeps_one_decimal() -> None:
    assert BUILT_IN["pain_vas"].score({"value": "6.5"}).score == Decimal("6.5")


def test_pain_refuses_two_decimals() -> None:
    with pytest.raises(InputError) as caught:
        BUILT_IN["pain_vas"].score({"value": "6.55"})
    assert caught.value.field == "answers.value"


def test_density_is_hairs_per_square_centimetre() -> None:
    assert BUILT_IN["phototrichogram_density"].score({"value": 182}).score == Decimal("182.0")
    assert BUILT_IN["phototrichogram_density"].unit == "hairs/cm²"


def test_wrinkle_severity_is_a_whole_grade() -> None:
    assert BUILT_IN["wrinkle_severity"].score({"value": 4}).score == Decimal(4)
    with pytest.raises(InputError):
        BUILT_IN["wrinkle_severity"].score({"value": 2.5})


@pytest.mark.parametrize(
    ("code", "stage"), [("hair_stage_norwood", "IIIv"), ("hair_stage_ludwig", "II"), ("glogau", "III")]
)
def test_stages_are_kept_as_their_code(code: str, stage: str) -> None:
    assert BUILT_IN[code].score({"value": stage}) == Scored(score=None, category=stage)


@pytest.mark.parametrize("code", CATEGORICAL_CODES)
def test_an_unknown_choice_is_refused_naming_the_field(code: str) -> None:
    with pytest.raises(InputError) as caught:
        BUILT_IN[code].score({"value": "VIII"})
    assert caught.value.field == "answers.value"


@pytest.mark.parametrize("code", sorted(BUILT_IN))
@pytest.mark.parametrize("answers", [{}, {"value": 1, "extra": 2}, {"score": 1}])
def test_answers_other_than_one_value_are_refused(code: str, answers: dict[str, object]) -> None:
    with pytest.raises(InputError) as caught:
        BUILT_IN[code].score(answers)
    assert caught.value.field == "answers"


@pytest.mark.parametrize("code", NUMERIC_CODES)
@pytest.mark.parametrize("value", [True, None, "abc", "nan", "Infinity", [1]])
def test_a_numeric_instrument_refuses_what_is_not_a_number(code: str, value: object) -> None:
    with pytest.raises(InputError) as caught:
        BUILT_IN[code].score({"value": value})
    assert caught.value.field == "answers.value"


@example(code="gais_investigator", value=Decimal("1e28"))
@given(code=st.sampled_from(NUMERIC_CODES), value=st.decimals(allow_nan=False, allow_infinity=False))
def test_a_numeric_score_is_in_range_or_refused(code: str, value: Decimal) -> None:
    instrument = BUILT_IN[code]
    assert instrument.minimum is not None and instrument.maximum is not None
    try:
        result = instrument.score({"value": str(value)})
    except InputError as error:
        assert error.field == "answers.value"
        outside = not instrument.minimum <= value <= instrument.maximum
        # Only a value in range is rounded: a huge one would not fit the decimal context.
        assert outside or value != value.quantize(Decimal(1).scaleb(-instrument.decimals))
    else:
        assert result.score is not None
        assert instrument.minimum <= result.score <= instrument.maximum
        assert result.score == value


@given(code=st.sampled_from(NUMERIC_CODES), data=st.data())
def test_a_numeric_score_is_monotone_in_the_answer(code: str, data: st.DataObject) -> None:
    instrument = BUILT_IN[code]
    assert instrument.minimum is not None and instrument.maximum is not None
    values = st.integers(int(instrument.minimum), int(instrument.maximum))
    a, b = sorted((data.draw(values), data.draw(values)))
    low, high = instrument.score({"value": a}).score, instrument.score({"value": b}).score
    assert low is not None and high is not None
    assert low <= high


@given(code=st.sampled_from(CATEGORICAL_CODES), data=st.data())
def test_an_ordered_category_ranks_in_its_order(code: str, data: st.DataObject) -> None:
    instrument = BUILT_IN[code]
    i, j = sorted(data.draw(st.integers(0, len(instrument.choices) - 1)) for _ in range(2))
    first = instrument.rank(instrument.score({"value": instrument.choices[i]}))
    second = instrument.rank(instrument.score({"value": instrument.choices[j]}))
    assert first is not None and second is not None
    assert first <= second


@given(st.integers(1, 5))
def test_gais_grade_worsens_as_the_point_rises(point: int) -> None:
    grades = ["very_much_improved", "much_improved", "improved", "no_change", "worse"]
    assert BUILT_IN["gais_subject"].score({"value": point}).category == grades[point - 1]


def test_a_clinic_instrument_scores_in_its_own_range() -> None:
    own = custom_instrument(
        code="itch", rater="patient", kind=NUMERIC, minimum=Decimal(0), maximum=Decimal(3)
    )
    assert own.score({"value": 2}).score == Decimal(2)
    with pytest.raises(InputError):
        own.score({"value": 4})


def test_a_clinic_instrument_cannot_take_a_built_in_code() -> None:
    with pytest.raises(InputError) as caught:
        custom_instrument(code="glogau", rater="clinician", kind=CATEGORICAL, choices=("a", "b"))
    assert caught.value.field == "code"


def test_a_categorical_clinic_instrument_needs_two_choices() -> None:
    with pytest.raises(InputError) as caught:
        custom_instrument(code="mood", rater="patient", kind=CATEGORICAL, choices=("ok",))
    assert caught.value.field == "choices"
