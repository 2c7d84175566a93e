"""The pictures' words in the active language, for every page that draws them
(the knowledge pages and a course's own page)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils.formats import date_format
from django.utils.translation import gettext

from mesodesk.reference.pictures import TimelineWords


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def day_texts() -> Callable[[datetime.date], str]:
    """_day for one page, in the language active now: a day shown twice (a course's table and
    its picture) is formatted once. Django's date_format builds a formatter and translates the
    month's name on every call: half a course page's dates were its own repeats."""
    texts: dict[datetime.date, str] = {}

    def day(value: datetime.date) -> str:
        text = texts.get(value)
        if text is None:
            text = texts[value] = _day(value)
        return text

    return day


def timeline_words(day: Callable[[datetime.date], str] = _day) -> TimelineWords:
    return TimelineWords(
        axis=gettext("Weeks from the first session"),
        window=gettext("Session %(number)s: %(earliest)s to %(latest)s"),
        due=gettext("Session %(number)s due %(due)s"),
        done=gettext("Session %(number)s due %(due)s (done)"),
        day=day,
    )
