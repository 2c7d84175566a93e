"""The facts of a pre-care or after-care handout, from the knowledge base, for one indication,
technique and session, in the language the patient reads.

Only the knowledge base's care items and side effects are stated, each with the articles it
comes from (cited by title). A concrete date and time is printed beside an instruction only
where the instruction itself states its time limit ("48 hours before", "for 12 hours"): a
limit the knowledge base keeps for the calendar's gates but the text does not state (the
creams' "on the day") is not turned into a clock time the article never gave."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from mesodesk.documents.consent_text import CLINICIAN_ONLY_CARE
from mesodesk.knowledge.entries import Care, SideEffect
from mesodesk.knowledge.i18n import Translations, load_translations
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.knowledge.model import KnowledgeBase

# Bump when the handouts' wording or layout changes: the patient page lists each printed
# or sent document with the version it was made from.
HANDOUT_VERSION = "1"
# The knowledge base's way of saying a source gives no duration.
_NO_DURATION = "not given"
_NUMBER = re.compile(r"\d+")


class HandoutKind(StrEnum):
    PRE_CARE = "pre_care"
    AFTER_CARE = "after_care"


@dataclass(frozen=True)
class Instruction:
    text: str
    sources: tuple[str, ...]  # the articles' titles
    # When the stated limit begins (before a session) or ends (after it), in the clinic's time.
    at: datetime.datetime | None


@dataclass(frozen=True)
class Expectation:
    """A side effect: what it looks like, how long it usually lasts, and by when it is over."""

    name: str
    typical_duration: str
    gone_by: datetime.date | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class HandoutFacts:
    kind: HandoutKind
    language: str
    indication: str
    technique: str
    session_at: datetime.datetime
    instructions: tuple[Instruction, ...]
    expectations: tuple[Expectation, ...]  # after-care only
    # The technique's pain and bleeding as the source gives them; empty when it says nothing.
    technique_pain: str
    technique_bleeding: str
    sources: tuple[str, ...]


def _titles(kb: KnowledgeBase, ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(kb.source_by_id[s].title for s in ids if s in kb.source_by_id)


def states_number(english: str, number: int | None) -> bool:
    """Whether the instruction's own text states this limit (so a clock time may stand beside it)."""
    return number is not None and str(number) in _NUMBER.findall(english)


def _shifted(session_at: datetime.datetime, delta: datetime.timedelta) -> datetime.datetime:
    """Elapsed time, read on the clinic's clock: 12 hours stay 12 hours across a change to or
    from summer time (aware arithmetic in Python moves the wall clock instead)."""
    zone = session_at.tzinfo
    return (session_at.astimezone(datetime.UTC) + delta).astimezone(zone)


def _moment(care: Care, session_at: datetime.datetime) -> datetime.datetime | None:
    if states_number(care.name, care.hours_before):
        assert care.hours_before is not None
        return _shifted(session_at, -datetime.timedelta(hours=care.hours_before))
    if states_number(care.name, care.minutes_before):
        assert care.minutes_before is not None
        return _shifted(session_at, -datetime.timedelta(minutes=care.minutes_before))
    if states_number(care.name, care.hours_after):
        assert care.hours_after is not None
        return _shifted(session_at, datetime.timedelta(hours=care.hours_after))
    return None


def _expectation(
    kb: KnowledgeBase, t: Translations, effect: SideEffect, language: str, session_at: datetime.datetime
) -> Expectation:
    gone_by = None
    if states_number(effect.typical_duration, effect.days_max):
        assert effect.days_max is not None
        gone_by = session_at.date() + datetime.timedelta(days=effect.days_max)
    return Expectation(
        name=t.label("side_effects", effect.code, language),
        typical_duration=str(t.text("side_effects", effect.code, "typical_duration", language)),
        gone_by=gone_by,
        sources=_titles(kb, effect.sources),
    )


def handout_facts(
    *, kind: HandoutKind, indication: str, technique: str, session_at: datetime.datetime, language: str
) -> HandoutFacts:
    """`session_at` is aware and in the clinic's time zone; the computed times stay in it."""
    if session_at.tzinfo is None:
        raise ValueError("session_at must carry the clinic's time zone")
    kb = load_knowledge()
    t = load_translations()
    if indication not in kb.indication_by_code:
        raise KeyError(f"unknown indication {indication!r}")
    tech = kb.technique_by_code[technique]
    section = "pre_care" if kind is HandoutKind.PRE_CARE else "after_care"
    items = [c for c in getattr(kb, section) if c.code not in CLINICIAN_ONLY_CARE]
    instructions = tuple(
        Instruction(
            text=t.label(section, c.code, language),
            sources=_titles(kb, c.sources),
            at=_moment(c, session_at),
        )
        for c in items
    )
    expectations: tuple[Expectation, ...] = ()
    notes = {"pain": "", "bleeding": ""}
    cited = [s for c in items for s in c.sources]
    if kind is HandoutKind.AFTER_CARE:
        effects = [e for e in kb.side_effects if e.typical_duration != _NO_DURATION]
        expectations = tuple(_expectation(kb, t, e, language, session_at) for e in effects)
        cited += [s for e in effects for s in e.sources]
        for field in notes:
            if getattr(tech, field):
                notes[field] = str(t.text("techniques", tech.code, field, language))
        if any(notes.values()):
            cited += list(tech.sources)
    return HandoutFacts(
        kind=kind,
        language=language,
        indication=t.label("indications", indication, language),
        technique=t.label("techniques", tech.code, language),
        session_at=session_at,
        instructions=instructions,
        expectations=expectations,
        technique_pain=notes["pain"],
        technique_bleeding=notes["bleeding"],
        sources=_titles(kb, tuple(sorted(set(cited)))),
    )
