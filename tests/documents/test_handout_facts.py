"""The handouts' facts: every number kept in translation, concrete times only where the
instruction states its limit, in the clinic's time zone."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesodesk.documents.handout import HandoutKind, handout_facts
from mesodesk.knowledge.i18n import LANGUAGES, load_translations
from mesodesk.knowledge.loader import load_knowledge

PARIS = ZoneInfo("Europe/Paris")
SESSION = datetime.datetime(2026, 11, 24, 14, 30, tzinfo=PARIS)  # a Tuesday


def numbers(text: str) -> list[str]:
    return sorted(re.findall(r"\d+", text))


def texts_a_patient_reads() -> list[tuple[str, str, str]]:
    kb = load_knowledge()
    fields = [("pre_care", c.code, "name") for c in kb.pre_care]
    fields += [("after_care", c.code, "name") for c in kb.after_care]
    fields += [("side_effects", e.code, f) for e in kb.side_effects for f in ("name", "typical_duration")]
    fields += [
        ("techniques", t.code, f) for t in kb.techniques for f in ("pain", "bleeding") if getattr(t, f)
    ]
    return fields


@pytest.mark.parametrize(("section", "code", "field"), texts_a_patient_reads())
def test_each_instruction_keeps_the_sources_numbers_in_french_and_german(
    section: str, code: str, field: str
) -> None:
    t = load_translations()
    english = numbers(t.text(section, code, field, "en"))
    for language in LANGUAGES:
        assert numbers(t.text(section, code, field, language)) == english, (section, code, language)


def test_the_after_care_handout_says_until_when_the_shower_and_device_limits_run() -> None:
    facts = handout_facts(
        kind=HandoutKind.AFTER_CARE,
        indication="cellulite",
        technique="point_by_point",
        session_at=SESSION,
        language="en",
    )
    limits = {i.text: i.at for i in facts.instructions}
    assert limits["No bath or shower for 12 hours after treatment."] == datetime.datetime(
        2026, 11, 25, 2, 30, tzinfo=PARIS
    )
    device = next(at for text, at in limits.items() if "72 hours" in text)
    assert device == datetime.datetime(2026, 11, 27, 14, 30, tzinfo=PARIS)


def test_the_pre_care_handout_says_from_when_to_stop_antiplatelet_drugs() -> None:
    facts = handout_facts(
        kind=HandoutKind.PRE_CARE,
        indication="hair_loss",
        technique="nappage",
        session_at=SESSION,
        language="fr",
    )
    stop = next(i for i in facts.instructions if "48" in i.text)
    assert stop.at == datetime.datetime(2026, 11, 22, 14, 30, tzinfo=PARIS)


def test_no_clock_time_is_invented_for_a_limit_the_text_does_not_state() -> None:
    # "No creams on the day": the knowledge base keeps 24 hours for the gates; the article says "that day".
    facts = handout_facts(
        kind=HandoutKind.PRE_CARE,
        indication="hair_loss",
        technique="nappage",
        session_at=SESSION,
        language="en",
    )
    creams = next(i for i in facts.instructions if i.text.startswith("No creams"))
    assert creams.at is None


def test_the_clinicians_own_instructions_are_not_in_the_patients_handout() -> None:
    facts = handout_facts(
        kind=HandoutKind.PRE_CARE,
        indication="hair_loss",
        technique="nappage",
        session_at=SESSION,
        language="en",
    )
    assert not any("examine the patient" in i.text for i in facts.instructions)


def test_numbness_is_usually_over_ten_days_after_the_session() -> None:
    facts = handout_facts(
        kind=HandoutKind.AFTER_CARE,
        indication="cellulite",
        technique="mps",
        session_at=SESSION,
        language="de",
    )
    numbness = next(e for e in facts.expectations if "10" in e.typical_duration)
    assert numbness.gone_by == datetime.date(2026, 12, 4)


def test_every_instruction_cites_an_article_by_its_title() -> None:
    titles = {s.title for s in load_knowledge().sources}
    for kind in HandoutKind:
        facts = handout_facts(
            kind=kind, indication="wrinkles", technique="nappage", session_at=SESSION, language="en"
        )
        for item in (*facts.instructions, *facts.expectations):
            assert item.sources and set(item.sources) <= titles


def test_a_session_time_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        handout_facts(
            kind=HandoutKind.AFTER_CARE,
            indication="cellulite",
            technique="mps",
            session_at=SESSION.replace(tzinfo=None),
            language="en",
        )


@given(
    moment=st.datetimes(
        # Hypothesis takes naive bounds and adds the zone itself.
        min_value=datetime.datetime(2020, 1, 1),  # noqa: DTZ001
        max_value=datetime.datetime(2040, 12, 31),  # noqa: DTZ001
        timezones=st.just(PARIS),
    )
)
def test_every_after_care_limit_ends_exactly_its_hours_after_the_session(moment: datetime.datetime) -> None:
    facts = handout_facts(
        kind=HandoutKind.AFTER_CARE, indication="cellulite", technique="mps", session_at=moment, language="en"
    )
    hours = {c.name: c.hours_after for c in load_knowledge().after_care}
    for instruction in facts.instructions:
        if instruction.at is not None:
            # Elapsed time, not wall-clock time: a summer-time change in between moves the clock.
            elapsed = instruction.at.astimezone(datetime.UTC) - moment.astimezone(datetime.UTC)
            assert elapsed == datetime.timedelta(hours=hours[instruction.text] or 0)


@given(
    moment=st.datetimes(
        min_value=datetime.datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis adds the zone itself
        max_value=datetime.datetime(2040, 12, 31),  # noqa: DTZ001
        timezones=st.just(PARIS),
    )
)
def test_every_pre_care_limit_begins_exactly_its_hours_or_minutes_before_the_session(
    moment: datetime.datetime,
) -> None:
    facts = handout_facts(
        kind=HandoutKind.PRE_CARE,
        indication="hair_loss",
        technique="nappage",
        session_at=moment,
        language="en",
    )
    before = {
        c.name: datetime.timedelta(hours=c.hours_before or 0, minutes=c.minutes_before or 0)
        for c in load_knowledge().pre_care
    }
    timed = [i for i in facts.instructions if i.at is not None]
    assert len(timed) == 2, "the 48 hours of antiplatelet drugs and the 30 minutes of anaesthetic cream"
    for instruction in timed:
        assert instruction.at is not None and instruction.at.tzinfo is PARIS
        elapsed = moment.astimezone(datetime.UTC) - instruction.at.astimezone(datetime.UTC)
        assert elapsed == before[instruction.text]
