"""The facts a consent form states, gathered from the knowledge base for one indication,
in the language the patient reads (knowledge texts by code through mesodesk.knowledge.i18n).

Only what the patient is to read: the care items that are instructions to the clinician are
left out, and the articles' published price ranges too (they are reference figures from
other countries, in other currencies; the consent states the clinic's own prices beside
this text). The articles are cited by title."""

from __future__ import annotations

from dataclasses import dataclass

from mesodesk.knowledge.i18n import Translations, load_translations
from mesodesk.knowledge.loader import load_knowledge

# The knowledge base's way of saying a source gives no duration: the form then says none.
_NO_DURATION = "not given"

# Care items written as instructions to the clinician (take the history, examine): they are
# the clinician's to follow, not the patient's to read, so the consent leaves them out.
CLINICIAN_ONLY_CARE = frozenset({"medical_interview"})


@dataclass(frozen=True)
class FormulationFact:
    name: str
    ingredients: tuple[str, ...]
    complete: bool


@dataclass(frozen=True)
class ProtocolFact:
    name: str
    note: str


@dataclass(frozen=True)
class SideEffectFact:
    name: str
    typical_duration: str  # empty when the sources give none


@dataclass(frozen=True)
class ConsentFacts:
    language: str
    indication: str
    formulations: tuple[FormulationFact, ...]
    protocols: tuple[ProtocolFact, ...]
    side_effects: tuple[SideEffectFact, ...]
    pre_care: tuple[str, ...]
    after_care: tuple[str, ...]
    sources: tuple[str, ...]  # the cited articles' titles


def _optional(t: Translations, section: str, code: str, field: str, language: str) -> str:
    """A field the entry may lack (a protocol without a note): empty then."""
    try:
        return str(t.text(section, code, field, language))
    except KeyError:
        return ""


def consent_facts(indication: str, language: str) -> ConsentFacts:
    kb = load_knowledge()
    t = load_translations()
    formulations = tuple(f for f in kb.formulations if indication in f.indications)
    protocols = kb.protocols_for(indication)
    cited: list[tuple[str, ...]] = [p.sources for p in protocols]
    pre_care = [c for c in kb.pre_care if c.code not in CLINICIAN_ONLY_CARE]
    after_care = [c for c in kb.after_care if c.code not in CLINICIAN_ONLY_CARE]
    cited += [e.sources for e in kb.side_effects]
    cited += [c.sources for c in (*pre_care, *after_care)]
    cited += [f.sources for f in formulations]
    source_ids = sorted({s for entry_sources in cited for s in entry_sources})
    sources = tuple(kb.source_by_id[s].title for s in source_ids if s in kb.source_by_id)
    return ConsentFacts(
        language=language,
        indication=t.label("indications", indication, language),
        formulations=tuple(
            FormulationFact(
                name=t.label("formulations", f.code, language),
                ingredients=tuple(
                    sorted(t.label("ingredients", c, language) for c in kb.ingredients_by_formulation[f.code])
                ),
                complete=f.complete,
            )
            for f in formulations
        ),
        protocols=tuple(
            ProtocolFact(
                name=t.label("protocols", p.code, language),
                note=_optional(t, "protocols", p.code, "note", language),
            )
            for p in protocols
        ),
        side_effects=tuple(
            SideEffectFact(
                name=t.label("side_effects", e.code, language),
                typical_duration=""
                if e.typical_duration == _NO_DURATION
                else _optional(t, "side_effects", e.code, "typical_duration", language),
            )
            for e in kb.side_effects
        ),
        pre_care=tuple(t.label("pre_care", c.code, language) for c in pre_care),
        after_care=tuple(t.label("after_care", c.code, language) for c in after_care),
        sources=sources,
    )
