"""The knowledge base as one typed, read-only model: what the YAML under data/ becomes.

The entries are in knowledge.entries; this module holds the whole base and its lookups.

The same classes serve the web application and the `mesodesk` CLI, whose start-up is
measured against bare Python's (bench/cli_startup.py, docs/adr/0001-one-knowledge-model.md):
so they are plain slotted classes (knowledge.record) rather than dataclasses, and
neither `dataclasses` nor `typing` is imported at run time. The loader validates the
YAML against their annotations; the CLI builds them from the validated JSON snapshot.
"""

from __future__ import annotations

from functools import cached_property
from types import MappingProxyType

from mesodesk.knowledge.entries import (
    RELIABILITIES,
    SEVERITIES,
    BaseSolution,
    Care,
    Catalyst,
    Claim,
    Conflict,
    Contraindication,
    Cost,
    DepthClass,
    Entry,
    Formulation,
    HistoryEntry,
    Indication,
    Maintenance,
    Material,
    Medication,
    Needle,
    Outcome,
    Phase,
    Protocol,
    SideEffect,
    Source,
    Technique,
    phases_cover,
)
from mesodesk.knowledge.record import Record, plain

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

__all__ = [
    "BaseSolution",
    "Care",
    "Catalyst",
    "Claim",
    "Conflict",
    "Contraindication",
    "Cost",
    "DepthClass",
    "Entry",
    "Formulation",
    "HistoryEntry",
    "Indication",
    "KnowledgeBase",
    "Maintenance",
    "Material",
    "Medication",
    "Needle",
    "Outcome",
    "Phase",
    "Protocol",
    "RELIABILITIES",
    "Record",
    "SEVERITIES",
    "SideEffect",
    "Source",
    "Technique",
    "phases_cover",
]


class KnowledgeBase:
    """Every section of the knowledge base, and the lookups the rules and pages need.

    Built once per process (knowledge.loader.load_knowledge) and never changed, so the
    lookups, made on first use, never go stale."""

    # section -> (entry class, whether the section holds one entry rather than a list)
    SECTIONS: Mapping[str, tuple[type[Record], bool]] = MappingProxyType(
        {
            "sources": (Source, False),
            "conflicts": (Conflict, False),
            "depth_classes": (DepthClass, False),
            "techniques": (Technique, False),
            "materials": (Material, False),
            "indications": (Indication, False),
            "ingredients": (Entry, False),
            "substance_categories": (Entry, False),
            "base_solution": (BaseSolution, True),
            "catalyst": (Catalyst, True),
            "formulations": (Formulation, False),
            "drug_requirements": (Entry, False),
            "medications": (Medication, False),
            "contraindications": (Contraindication, False),
            "suitability": (Entry, False),
            "protocols": (Protocol, False),
            "pre_care": (Care, False),
            "after_care": (Care, False),
            "side_effects": (SideEffect, False),
            "costs": (Cost, False),
            "combinations": (Entry, False),
            "outcomes": (Outcome, False),
            "history": (HistoryEntry, False),
        }
    )

    sources: tuple[Source, ...]
    conflicts: tuple[Conflict, ...]
    depth_classes: tuple[DepthClass, ...]
    techniques: tuple[Technique, ...]
    materials: tuple[Material, ...]
    indications: tuple[Indication, ...]
    ingredients: tuple[Entry, ...]
    substance_categories: tuple[Entry, ...]
    base_solution: BaseSolution
    catalyst: Catalyst
    formulations: tuple[Formulation, ...]
    drug_requirements: tuple[Entry, ...]
    medications: tuple[Medication, ...]
    contraindications: tuple[Contraindication, ...]
    suitability: tuple[Entry, ...]
    protocols: tuple[Protocol, ...]
    pre_care: tuple[Care, ...]
    after_care: tuple[Care, ...]
    side_effects: tuple[SideEffect, ...]
    costs: tuple[Cost, ...]
    combinations: tuple[Entry, ...]
    outcomes: tuple[Outcome, ...]
    history: tuple[HistoryEntry, ...]

    def __init__(self, **sections: Any) -> None:
        for name in self.SECTIONS:
            self.__dict__[name] = sections[name]

    def __getattr__(self, name: str) -> Any:
        # Only for a section not built yet (see from_plain): build it now, keep it.
        plain = self.__dict__.get("_plain")
        if plain is None or name not in self.SECTIONS:
            raise AttributeError(name)
        entry, single = self.SECTIONS[name]
        raw = plain[name]
        value = entry.from_plain(raw) if single else tuple(entry.from_plain(r) for r in raw)
        self.__dict__[name] = value
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"the knowledge base is read-only: cannot set {name}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KnowledgeBase) and all(
            getattr(self, name) == getattr(other, name) for name in self.SECTIONS
        )

    __hash__ = None  # type: ignore[assignment]  # equal by content, and never a key

    @classmethod
    def from_plain(cls, sections: Mapping[str, Any]) -> KnowledgeBase:
        """From the validated snapshot: no check is repeated here, the loader made them.

        Each section is built on first use, so a screening from the CLI builds the few it
        reads, not the knowledge pages' sources and conflicts."""
        kb = object.__new__(cls)
        kb.__dict__["_plain"] = sections
        return kb

    def to_plain(self) -> dict[str, Any]:
        """Every section in the `kb export` contract's shape, each entry with its sources."""
        return {name: plain(getattr(self, name)) for name in self.SECTIONS}

    # Lookups by code.
    @cached_property
    def source_by_id(self) -> Mapping[str, Source]:
        return MappingProxyType({s.id: s for s in self.sources})

    @cached_property
    def technique_by_code(self) -> Mapping[str, Technique]:
        return MappingProxyType({t.code: t for t in self.techniques})

    @cached_property
    def indication_by_code(self) -> Mapping[str, Indication]:
        return MappingProxyType({i.code: i for i in self.indications})

    @cached_property
    def formulation_by_code(self) -> Mapping[str, Formulation]:
        return MappingProxyType({f.code: f for f in self.formulations})

    @cached_property
    def contraindication_by_code(self) -> Mapping[str, Contraindication]:
        return MappingProxyType({c.code: c for c in self.contraindications})

    @cached_property
    def protocol_by_code(self) -> Mapping[str, Protocol]:
        return MappingProxyType({p.code: p for p in self.protocols})

    @cached_property
    def medication_by_code(self) -> Mapping[str, Medication]:
        return MappingProxyType({m.code: m for m in self.medications})

    @cached_property
    def care_by_code(self) -> Mapping[str, Care]:
        return MappingProxyType({c.code: c for c in (*self.pre_care, *self.after_care)})

    @cached_property
    def drug_requirement_by_code(self) -> Mapping[str, Entry]:
        return MappingProxyType({d.code: d for d in self.drug_requirements})

    # What the rules ask of the base.
    @cached_property
    def ingredient_codes(self) -> frozenset[str]:
        return frozenset(i.code for i in self.ingredients)

    @cached_property
    def catalyst_ingredients(self) -> frozenset[str]:
        return frozenset(self.catalyst.ingredients)

    @cached_property
    def ingredients_by_formulation(self) -> Mapping[str, frozenset[str]]:
        """Every ingredient of each formulation, the catalyst's included."""
        return MappingProxyType(
            {
                f.code: frozenset(f.ingredients)
                | (self.catalyst_ingredients if f.with_catalyst else frozenset())
                for f in self.formulations
            }
        )

    @cached_property
    def condition_codes(self) -> frozenset[str]:
        """The codes screening accepts as a patient's conditions: the absolute and relative ones."""
        return frozenset(c.code for c in self.contraindications if c.severity in ("absolute", "relative"))

    @cached_property
    def contraindication_sources(self) -> tuple[str, ...]:
        return tuple(sorted({s for c in self.contraindications if c.severity != "advice" for s in c.sources}))

    @cached_property
    def washout_medications(self) -> frozenset[str]:
        """Drugs to stop before each session (aspirin, NSAIDs, dipyridamole: source 004)."""
        return frozenset(m.code for m in self.medications if m.washout_hours)

    def protocols_for(self, indication: str) -> tuple[Protocol, ...]:
        return tuple(p for p in self.protocols if indication in p.indications)
