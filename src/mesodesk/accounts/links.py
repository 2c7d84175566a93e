"""One URL pattern reversed once for a page's many rows (the calendar's agenda, the dashboard).

Django's `reverse` walks the URL resolver on every call: about 20 µs, paid five times for
each appointment of the calendar's week list. `link_maker` reverses a route once with a
marker argument and fills each row's value into that text. Only a value made of letters,
digits, `-` and `_` (an id, a pseudonym) is filled in; anything else goes through `reverse`,
so an answer is always the one `reverse` would give (tests/accounts/test_links.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_PLAIN = re.compile(r"[A-Za-z0-9_-]+")
# Matches both an <int:...> and a <str:...> converter, and appears in no route's own text.
_MARKER = "9081726354"


def link_maker(name: str) -> Callable[[str | int], str]:
    """`reverse(name, args=[value])` for a route of one argument, as a function of value."""
    before, found, after = reverse(name, args=[_MARKER]).rpartition(_MARKER)
    if not found or _MARKER in before:
        return lambda value: reverse(name, args=[value])

    def link(value: str | int) -> str:
        text = str(value)
        if _PLAIN.fullmatch(text) is None:
            return reverse(name, args=[value])
        return f"{before}{text}{after}"

    return link


_MAKERS_KEPT = 512
_MAKERS: dict[tuple[str, str | None, str | None, str], Callable[[str | int], str]] = {}


def link(name: str, value: str | int) -> str:
    """`reverse(name, args=[value])`, the route reversed once per process (per script prefix,
    URL conf and language, everything a reversed URL may depend on)."""
    key = (get_script_prefix(), get_urlconf(), get_language(), name)
    maker = _MAKERS.get(key)
    if maker is None:
        if len(_MAKERS) >= _MAKERS_KEPT:  # a script prefix a proxy sends could vary: stay bounded
            _MAKERS.clear()
        maker = _MAKERS[key] = link_maker(name)
    return maker(value)
