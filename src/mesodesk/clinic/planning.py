"""Planning a course: each session's due date and the window it may move within."""

from __future__ import annotations

import datetime

from mesodesk.clinic import fields
from mesodesk.clinic.errors import InputError

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesodesk.knowledge.model import KnowledgeBase, Protocol

DAY = datetime.timedelta(days=1)


class PlannedSession:
    __slots__ = ("date", "earliest", "latest", "number")

    def __init__(
        self, number: int, date: datetime.date, earliest: datetime.date, latest: datetime.date
    ) -> None:
        self.number = number
        self.date = date
        self.earliest = earliest
        self.latest = latest

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "date": self.date.isoformat(),
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
        }


class CoursePlan:
    __slots__ = ("maintenance", "protocol", "sessions", "sessions_min", "sources")

    def __init__(
        self,
        protocol: Protocol,
        sessions: tuple[PlannedSession, ...],
        maintenance: dict[str, Any] | None,
    ) -> None:
        self.protocol = protocol
        self.sessions = sessions
        self.maintenance = maintenance
        self.sessions_min: int = protocol.sessions_min or protocol.sessions
        self.sources: tuple[str, ...] = protocol.sources

    def to_dict(self) -> dict[str, Any]:
        return {
            "protocol": self.protocol.code,
            "name": self.protocol.name,
            "indications": list(self.protocol.indications),
            "sessions_min": self.sessions_min,
            "sessions": [s.to_dict() for s in self.sessions],
            "maintenance": self.maintenance,
            "note": self.protocol.note,
            "sources": list(self.sources),
        }


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter (Jan 31 → Feb 28)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    # The calendar module would cost the CLI a millisecond of imports for this one figure.
    last_day = 31 if month == 12 else (datetime.date(year, month + 1, 1) - DAY).day
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def plan_course(protocol_code: str, start: datetime.date, kb: KnowledgeBase) -> CoursePlan:
    """The plan of a knowledge-base protocol: see plan_protocol."""
    return plan_protocol(kb.protocol_by_code[protocol_code], start)


def plan_protocol(protocol: Protocol, start: datetime.date) -> CoursePlan:
    """Session 1 on `start`; each later one after its predecessor as the protocol's phase says.

    A day-range phase puts the session on the first day of the range and lets it
    move to the last. A monthly phase counts calendar months from the session
    before the phase (so a course that starts on the 31st keeps to month ends
    rather than drifting), and lets each session move `slack_days` either way.
    """
    sessions = [PlannedSession(1, start, start, start)]
    try:
        for phase in protocol.phases:
            anchor = sessions[-1].date
            for number in range(phase.first, phase.last + 1):
                previous = sessions[-1].date
                if phase.months:
                    due = add_months(anchor, phase.months * (number - phase.first + 1))
                    slack = datetime.timedelta(days=phase.slack_days or 0)
                    earliest, latest = due - slack, due + slack
                else:
                    earliest = previous + (phase.min_days or 0) * DAY
                    latest = previous + (phase.max_days or 0) * DAY
                    due = earliest
                sessions.append(PlannedSession(number, due, earliest, latest))
        maintenance = None
        if protocol.maintenance is not None:
            every_min = protocol.maintenance.every_days_min
            maintenance = {
                "every_days_min": every_min,
                "every_days_max": protocol.maintenance.every_days_max,
                "first_due": (sessions[-1].date + every_min * DAY).isoformat(),
            }
    except (OverflowError, ValueError):
        raise InputError("start", "is too late for the whole course to fit in the calendar") from None
    return CoursePlan(protocol, tuple(sessions), maintenance)


_FIELDS = frozenset({"protocol", "start"})


def preview(data: Any, kb: KnowledgeBase) -> dict[str, Any]:
    """The plan-preview contract: JSON-shaped input to JSON-shaped output."""
    data = fields.mapping(data, "input", _FIELDS)
    protocol = fields.code(fields.required(data, "protocol", "protocol"), "protocol", kb.protocol_by_code)
    start = fields.iso_date(fields.required(data, "start", "start"), "start")
    if not fields.EARLIEST_YEAR <= start.year <= fields.LATEST_YEAR:
        # Year 1 or 9999 is a typing mistake, not a course anyone will follow.
        raise InputError(
            "start", f"must fall between the years {fields.EARLIEST_YEAR} and {fields.LATEST_YEAR}"
        )
    return plan_course(protocol, start, kb).to_dict()
