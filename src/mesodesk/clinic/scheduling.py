"""The clinical gates on an appointment: plain data in, sourced findings out.

A gate finding is `blocked` (the booking is refused), `warning` (it may go ahead,
the clinician sees why not) or `advice` (for the patient, in the booking and the
reminder). Its `message` is English, for the API and the stored row; `params` holds the
same facts as plain JSON values (ISO dates, codes) so a screen can write the sentence
in its reader's language."""

from __future__ import annotations

import datetime

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from mesodesk.knowledge.model import KnowledgeBase

MESOTHERAPY = "mesotherapy"
HOUR = datetime.timedelta(hours=1)


class GateFinding:
    __slots__ = ("code", "level", "message", "params", "sources")

    def __init__(
        self,
        code: str,
        level: str,
        message: str,
        sources: tuple[str, ...],
        params: dict[str, object] | None = None,
    ) -> None:
        self.code = code
        self.level = level
        self.message = message
        self.sources = sources
        self.params = params or {}

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "level": self.level,
            "message": self.message,
            "params": dict(self.params),
            "sources": list(self.sources),
            "basis": "source" if self.sources else "policy",
        }

    def __repr__(self) -> str:
        return f"GateFinding({self.code!r}, {self.level!r})"


class Booking:
    """What the gates need to know about one proposed appointment and its patient."""

    __slots__ = (
        "antiplatelet_drugs",
        "bruising_unresolved",
        "consent_in_force",
        "end",
        "history_taken",
        "indication_known",
        "kind",
        "other_appointments",
        "screening_blocked",
        "start",
        "window",
        "window_sources",
    )

    def __init__(
        self,
        *,
        kind: str,
        start: datetime.datetime,
        end: datetime.datetime,
        window: tuple[datetime.date, datetime.date] | None = None,
        window_sources: tuple[str, ...] = (),
        bruising_unresolved: bool = False,
        antiplatelet_drugs: tuple[str, ...] = (),
        other_appointments: tuple[tuple[str, datetime.datetime, datetime.datetime], ...] = (),
        screening_blocked: bool = False,
        consent_in_force: bool = True,
        history_taken: bool = True,
        indication_known: bool = True,
    ) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.window = window
        self.window_sources = window_sources
        self.bruising_unresolved = bruising_unresolved
        self.antiplatelet_drugs = antiplatelet_drugs
        self.other_appointments = other_appointments
        self.screening_blocked = screening_blocked
        self.consent_in_force = consent_in_force
        self.history_taken = history_taken
        self.indication_known = indication_known


def _care(kb: KnowledgeBase, code: str) -> tuple[str, tuple[str, ...], int | None]:
    entry = kb.care_by_code[code]
    return entry.name, entry.sources, entry.hours_after or entry.hours_before


def device_treatments(kb: KnowledgeBase) -> frozenset[str]:
    return frozenset(kb.care_by_code["no_device_treatments_72h"].blocks)


def check_booking(booking: Booking, kb: KnowledgeBase) -> list[GateFinding]:
    """Every gate that applies to this booking, blocked first."""
    found: list[GateFinding] = []
    if booking.kind == MESOTHERAPY:
        found.extend(_mesotherapy_gates(booking, kb))
    found.extend(_device_gap(booking, kb))
    order = {"blocked": 0, "warning": 1, "advice": 2}
    return sorted(found, key=lambda f: (order[f.level], f.code))


def _mesotherapy_gates(booking: Booking, kb: KnowledgeBase) -> list[GateFinding]:
    found = []
    if not booking.history_taken:
        found.append(
            GateFinding(
                "history_missing",
                "blocked",
                "No medical history has been taken for this patient: screening cannot clear them for "
                "an injection.",
                (),  # the clinic's policy: without answers there is nothing to screen
            )
        )
    if not booking.indication_known:
        found.append(
            GateFinding(
                "course_needed",
                "blocked",
                "A mesotherapy session needs a course (or a screening for an indication): this patient "
                "has no active course to screen them for.",
                (),  # the clinic's policy: screening is for an indication
            )
        )
    if booking.window is not None:
        earliest, latest = booking.window
        day = booking.start.date()
        if not earliest <= day <= latest:
            found.append(
                GateFinding(
                    "outside_window",
                    "warning",
                    f"{day.isoformat()} is outside this session's window, "
                    f"{earliest.isoformat()} to {latest.isoformat()}.",
                    booking.window_sources,
                    {"day": day.isoformat(), "earliest": earliest.isoformat(), "latest": latest.isoformat()},
                )
            )
    if booking.bruising_unresolved:
        name, sources, _ = _care(kb, "next_session_after_bruising")
        found.append(
            GateFinding(
                "bruising_unresolved",
                "blocked",
                f"The previous session left bruising not yet recorded as resolved. {name}",
                sources,
                {"care": "next_session_after_bruising"},
            )
        )
    if booking.antiplatelet_drugs:
        name, sources, hours = _care(kb, "stop_antiplatelet_48h")
        stop_by = booking.start - (hours or 48) * HOUR
        found.append(
            GateFinding(
                "antiplatelet_washout",
                "advice",
                f"Stop {', '.join(booking.antiplatelet_drugs)} by {stop_by:%Y-%m-%d %H:%M}, "
                f"{hours} hours before the session.",
                sources,
                {
                    "drugs": list(booking.antiplatelet_drugs),
                    "stop_by": stop_by.isoformat(),
                    "hours": hours or 48,
                },
            )
        )
    if booking.screening_blocked:
        found.append(
            GateFinding(
                "screening_contraindicated",
                "blocked",
                "The screening for this course's indication and formulation blocks treatment: an absolute "
                "contraindication, or a relative one no clinician has acknowledged.",
                kb.contraindication_sources,
            )
        )
    if not booking.consent_in_force:
        found.append(
            GateFinding(
                "consent_missing",
                "warning",
                "No signed consent is in force for this indication; it is required before the first session.",
                (),  # the clinic's policy (and the law), not a fact from the articles
            )
        )
    return found


def _device_gap(booking: Booking, kb: KnowledgeBase) -> list[GateFinding]:
    """No device treatment may fall within 72 hours after a mesotherapy session ends."""
    name, sources, hours = _care(kb, "no_device_treatments_72h")
    gap = (hours or 72) * HOUR
    devices = device_treatments(kb)
    found = []
    for kind, start, end in booking.other_appointments:
        if booking.kind == MESOTHERAPY and kind in devices:
            session_end, device_start = booking.end, start
        elif booking.kind in devices and kind == MESOTHERAPY:
            session_end, device_start = end, booking.start
        else:
            continue
        if session_end <= device_start < session_end + gap:
            found.append(
                GateFinding(
                    "device_within_72h",
                    "blocked",
                    f"A {kind if booking.kind == MESOTHERAPY else booking.kind} treatment at "
                    f"{device_start:%Y-%m-%d %H:%M} would fall within {hours} hours after the mesotherapy "
                    f"session ending {session_end:%Y-%m-%d %H:%M}. {name}",
                    sources,
                    {
                        "kind": kind if booking.kind == MESOTHERAPY else booking.kind,
                        "device_start": device_start.isoformat(),
                        "session_end": session_end.isoformat(),
                        "hours": hours or 72,
                        "care": "no_device_treatments_72h",
                    },
                )
            )
    return found


# What a booking may still go ahead with, because it can be put right before the session, but
# a session may not begin without: the consent is required before the first session.
BLOCKS_AT_START = frozenset({"consent_missing"})


def check_start(booking: Booking, kb: KnowledgeBase) -> list[GateFinding]:
    """The booking's gates at the moment its session begins: the same findings, those that
    had to be put right before the session (BLOCKS_AT_START) now blocking."""
    return [
        GateFinding(f.code, "blocked", f.message, f.sources, f.params) if f.code in BLOCKS_AT_START else f
        for f in check_booking(booking, kb)
    ]
