"""The pictures' words in the active language, for every page that draws them
(the knowledge pages and a course's own page)."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext

from mesodesk.reference.pictures import TimelineWords


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def timeline_words() -> TimelineWords:
    return TimelineWords(
        axis=gettext("Weeks from the first session"),
        window=gettext("Session %(number)s: %(earliest)s to %(latest)s"),
        due=gettext("Session %(number)s due %(due)s"),
        done=gettext("Session %(number)s due %(due)s (done)"),
        day=_day,
    )
