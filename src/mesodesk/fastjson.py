"""JSON for the CLI's hot path, without the cost of importing `json`.

`import json` pulls in `re` and `enum`, which together cost about as much as
Python's own start-up; the contract commands must start within twice that.
CPython's C accelerator `_json` parses and encodes without them, so we drive
it directly and fall back to `json` wherever it is missing or differs.
tests/test_fastjson.py checks that both give the same results.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_WHITESPACE = " \t\n\r"


class _Context:
    """The attributes `_json.make_scanner` reads from a `json.JSONDecoder`."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    memo: dict[str, str] = {}  # noqa: RUF012 - read by the C scanner, as on JSONDecoder

    @staticmethod
    def parse_constant(name: str) -> float:
        return {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}[name]


try:
    import _json

    # The C functions' stubs describe json's own use of them, not this one.
    _make_scanner: Any = _json.make_scanner
    _make_encoder: Any = _json.make_encoder
    _scan: Any = _make_scanner(_Context())
    _encode: Any = _make_encoder(None, None, _json.encode_basestring, None, ": ", ", ", False, False, True)
except (ImportError, AttributeError, TypeError):  # pragma: no cover - not CPython
    _scan = None
    _encode = None


def loads(text: str) -> Any:
    """Like json.loads for a str; raises ValueError (json.JSONDecodeError) on bad JSON."""
    if _scan is not None:
        start = len(text) - len(text.lstrip(_WHITESPACE))
        try:
            value, end = _scan(text, start)
        except (StopIteration, ValueError, SystemError):
            # On bad JSON the bare scanner may fail oddly (it expects json.decoder to be
            # loaded); json itself gives the usual message and position.
            _Context.memo.clear()
        else:
            if not text[end:].strip(_WHITESPACE):
                _Context.memo.clear()
                return value
    import json

    return json.loads(text)


def dumps(value: Any) -> str:
    """Like json.dumps(value, ensure_ascii=False)."""
    if _encode is not None:
        try:
            return "".join(_encode(value, 0))
        except (TypeError, ValueError):
            pass  # json raises the same error with its usual message
    import json

    return json.dumps(value, ensure_ascii=False)
