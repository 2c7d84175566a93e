"""The CLI's JSON shortcut must read and write exactly what the json module does."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesodesk import fastjson

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@given(values)
def test_dumps_matches_json(value: Any) -> None:
    assert fastjson.dumps(value) == json.dumps(value, ensure_ascii=False)


@given(values, st.sampled_from(["", " ", "\n", "\t "]))
def test_loads_reads_what_json_writes(value: Any, padding: str) -> None:
    text = padding + json.dumps(value) + padding
    assert fastjson.loads(text) == json.loads(text)


@pytest.mark.parametrize("text", ["", "{", "[1,]", '{"a": 1} x', "nul", "1 2", '"\\q"'])
def test_bad_json_raises_value_error_like_json(text: str) -> None:
    with pytest.raises(ValueError) as ours:
        fastjson.loads(text)
    with pytest.raises(ValueError) as theirs:
        json.loads(text)
    assert str(ours.value) == str(theirs.value)
