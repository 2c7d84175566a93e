"""The pictures' words in the active language, for every page that draws them
(the knowledge pages and a course's own page)."""

from __future__ import annotations

from django.utils.translation import gettext

from mesodesk.reference.pictures import TimelineWords


def timeline_words() -> TimelineWords:
    return TimelineWords(
        week=gettext("w%(week)s"),
        window=gettext("Session %(number)s: %(earliest)s to %(latest)s"),
        due=gettext("Session %(number)s due %(due)s"),
        done=gettext("Session %(number)s due %(due)s (done)"),
    )
