"""When each outcome instrument is due in a course: the schedule and its dates.

A schedule is a list of (instrument, timepoints). The timepoints:
- baseline: at the first session, before anything is injected;
- session_4: at the fourth session, once four sessions are done (skipped in shorter courses);
- end: at the last session of the course;
- month_3, month_6: 3 and 6 calendar months after the last session.

The default per indication is mesodesk's choice, not the sources': they give no outcome
schedule. Its one anchor in them is the network's satisfaction survey (003, "Results"),
asked of every patient at the end and after the 3 to 6 months the network gives for
maintenance (003, "For how long?"). A clinic replaces the default per protocol.
"""

from __future__ import annotations

import calendar
import datetime

from mesodesk.clinic.errors import InputError
from mesodesk.clinic.outcomes import BUILT_IN

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

BASELINE = "baseline"
SESSION_4 = "session_4"
END = "end"
MONTH_3 = "month_3"
MONTH_6 = "month_6"
TIMEPOINTS = (BASELINE, SESSION_4, END, MONTH_3, MONTH_6)

Schedule = tuple[tuple[str, tuple[str, ...]], ...]

_SKIN: Schedule = (
    ("wrinkle_severity", (BASELINE, END, MONTH_3, MONTH_6)),
    ("glogau", (BASELINE, END)),
    ("gais_investigator", (SESSION_4, END, MONTH_3)),
    ("gais_subject", (SESSION_4, END, MONTH_3)),
    ("network_satisfaction", (END, MONTH_3)),
)
_PAIN: Schedule = (
    ("pain_vas", (BASELINE, SESSION_4, END, MONTH_3)),
    ("network_satisfaction", (END,)),
)
_OTHER: Schedule = (
    ("gais_investigator", (END, MONTH_3)),
    ("gais_subject", (END, MONTH_3)),
    ("network_satisfaction", (END, MONTH_3)),
)
_SKIN_INDICATIONS = frozenset({"skin_rejuvenation", "wrinkles"})
_PAIN_INDICATIONS = frozenset({"chronic_pain", "sports_injury", "contusions"})


def default_schedule(indication: str, sex: str = "") -> Schedule:
    """The default for an indication. Hair loss is staged on Norwood-Hamilton for a man and
    on Ludwig otherwise (the published scales are drawn for male and female patterns)."""
    if indication == "hair_loss":
        stage = "hair_stage_norwood" if sex == "male" else "hair_stage_ludwig"
        return (
            (stage, (BASELINE, END, MONTH_6)),
            ("phototrichogram_density", (BASELINE, SESSION_4, END, MONTH_6)),
            ("network_satisfaction", (END, MONTH_6)),
        )
    if indication in _SKIN_INDICATIONS:
        return _SKIN
    if indication in _PAIN_INDICATIONS:
        return _PAIN
    return _OTHER


def parse_schedule(items: object, known: Iterable[str] = ()) -> Schedule:
    """A clinic's schedule from JSON ([{"instrument", "timepoints"}, …]), or InputError
    naming the bad item (`items[1].timepoints`). `known`: the clinic's own instruments."""
    codes = set(BUILT_IN) | set(known)
    if not isinstance(items, list) or not items:
        raise InputError("items", "expected a non-empty list")
    out: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for n, item in enumerate(items):
        where = f"items[{n}]"
        if not isinstance(item, dict) or set(item) != {"instrument", "timepoints"}:
            raise InputError(where, "expected 'instrument' and 'timepoints'")
        code, points = item["instrument"], item["timepoints"]
        if not isinstance(code, str) or code not in codes:
            raise InputError(f"{where}.instrument", f"unknown instrument {code!r}")
        if code in seen:
            raise InputError(f"{where}.instrument", "listed twice")
        seen.add(code)
        if not isinstance(points, list) or not points or any(p not in TIMEPOINTS for p in points):
            raise InputError(f"{where}.timepoints", f"expected some of {', '.join(TIMEPOINTS)}")
        out.append((code, tuple(p for p in TIMEPOINTS if p in points)))
    return tuple(out)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later, or that month's last day (31 Aug + 6 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def timepoint_dates(sessions: Sequence[tuple[int, datetime.date]]) -> dict[str, datetime.date]:
    """Each timepoint's date from a course's sessions ((number, date), any order). A course
    without sessions has none; one with fewer than four sessions has no `session_4`."""
    if not sessions:
        return {}
    ordered = sorted(sessions)
    first, last = ordered[0][1], ordered[-1][1]
    dates = {BASELINE: first, END: last, MONTH_3: add_months(last, 3), MONTH_6: add_months(last, 6)}
    fourth = [d for n, d in ordered if n == 4]
    if fourth:
        dates[SESSION_4] = fourth[0]
    return dates


class Due:
    """One instrument due at one timepoint of a course, on `date`."""

    __slots__ = ("date", "instrument", "timepoint")

    def __init__(self, *, instrument: str, timepoint: str, date: datetime.date) -> None:
        self.instrument = instrument
        self.timepoint = timepoint
        self.date = date

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Due) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def key(self) -> tuple[str, str, datetime.date]:
        return (self.instrument, self.timepoint, self.date)

    def __repr__(self) -> str:
        return f"Due({self.instrument!r}, {self.timepoint!r}, {self.date.isoformat()})"


def due_items(
    schedule: Schedule,
    sessions: Sequence[tuple[int, datetime.date]],
    answered: Iterable[tuple[str, str]] = (),
) -> list[Due]:
    """What the schedule asks for in this course and has not been answered yet
    ((instrument, timepoint) pairs in `answered`), by date then schedule order."""
    dates = timepoint_dates(sessions)
    done = set(answered)
    due = [
        Due(instrument=code, timepoint=point, date=dates[point])
        for code, points in schedule
        for point in points
        if point in dates and (code, point) not in done
    ]
    return sorted(due, key=lambda d: (d.date, TIMEPOINTS.index(d.timepoint)))
