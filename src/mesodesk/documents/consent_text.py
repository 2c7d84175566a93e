"""The facts a consent form states, gathered from the knowledge base for one indication."""

from __future__ import annotations

from dataclasses import dataclass

from mesodesk.knowledge.loader import load_knowledge
from mesodesk.knowledge.model import Care, Cost, Formulation, Indication, Protocol, SideEffect


@dataclass(frozen=True)
class ConsentFacts:
    indication: Indication
    formulations: tuple[tuple[Formulation, tuple[str, ...]], ...]
    protocols: tuple[Protocol, ...]
    side_effects: tuple[SideEffect, ...]
    costs: tuple[Cost, ...]
    pre_care: tuple[Care, ...]
    after_care: tuple[Care, ...]
    sources: tuple[str, ...]


def consent_facts(indication: str) -> ConsentFacts:
    kb = load_knowledge()
    names = {i.code: i.name for i in kb.ingredients}
    formulations = tuple(
        (f, tuple(sorted(names[c] for c in kb.ingredients_by_formulation[f.code])))
        for f in kb.formulations
        if indication in f.indications
    )
    protocols = kb.protocols_for(indication)
    cited: list[tuple[str, ...]] = [p.sources for p in protocols]
    cited += [e.sources for e in kb.side_effects] + [c.sources for c in kb.costs]
    cited += [c.sources for c in (*kb.pre_care, *kb.after_care)]
    cited += [f.sources for f, _ in formulations]
    sources = tuple(sorted({s for entry_sources in cited for s in entry_sources}))
    return ConsentFacts(
        indication=kb.indication_by_code[indication],
        formulations=formulations,
        protocols=protocols,
        side_effects=kb.side_effects,
        costs=kb.costs,
        pre_care=kb.pre_care,
        after_care=kb.after_care,
        sources=sources,
    )
