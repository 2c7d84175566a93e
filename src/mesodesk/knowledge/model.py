"""The knowledge base as frozen dataclasses: what the YAML under data/ becomes.

Every entry carries `sources` (article ids) and `where` (the heading or passage
it was restated from), so a fact can always be traced back to its article.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Literal

Reliability = Literal["reliable", "mixed", "unreliable"]
Severity = Literal["absolute", "relative", "advice"]


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    reliability: Reliability
    notes: str


@dataclass(frozen=True)
class Claim:
    source: str
    claim: str


@dataclass(frozen=True)
class Conflict:
    topic: str
    claims: tuple[Claim, ...]
    followed: str
    why: str
    # The key of its French and German texts (knowledge.i18n); the topic is English wording.
    code: str = ""

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({c.source for c in self.claims}))


@dataclass(frozen=True)
class Entry:
    """A named, sourced fact with no further structure (a category, a requirement…)."""

    code: str
    name: str
    sources: tuple[str, ...]
    where: str
    note: str = ""


@dataclass(frozen=True)
class DepthClass:
    code: str
    name: str
    techniques: tuple[str, ...]
    sources: tuple[str, ...]
    where: str
    depth_min_mm: float | None = None
    depth_max_mm: float | None = None
    max_inclusive: bool = True
    note: str = ""


@dataclass(frozen=True)
class Needle:
    length_mm: float
    gauge: int | None = None


@dataclass(frozen=True)
class Technique:
    code: str
    name: str
    depth_min_mm: float
    depth_max_mm: float
    max_inclusive: bool
    depth_classes: tuple[str, ...]
    sources: tuple[str, ...]
    where: str
    needles: tuple[Needle, ...] = ()
    volume_min_ml: float | None = None
    volume_max_ml: float | None = None
    spacing_min_cm: float | None = None
    spacing_max_cm: float | None = None
    pace: str = ""
    effect: str = ""
    pain: str = ""
    bleeding: str = ""
    note: str = ""

    def depth_allowed(self, depth_mm: float) -> bool:
        if depth_mm < self.depth_min_mm:
            return False
        if self.max_inclusive:
            return depth_mm <= self.depth_max_mm
        return depth_mm < self.depth_max_mm

    @property
    def depth_label(self) -> str:
        upper = "≤" if self.max_inclusive else "<"
        return f"{self.depth_min_mm:g} mm ≤ depth {upper} {self.depth_max_mm:g} mm"


@dataclass(frozen=True)
class Material:
    code: str
    kind: Literal["syringe", "needle", "injector_gun", "protective", "disinfectant"]
    name: str
    sources: tuple[str, ...]
    where: str
    note: str = ""


@dataclass(frozen=True)
class Indication:
    code: str
    name: str
    category: Literal["skin_condition", "medical_aesthetics", "sports_injury", "pain"]
    sources: tuple[str, ...]
    where: str
    examples: tuple[str, ...] = ()
    note: str = ""
    treat: bool = True
    implies: str = ""


@dataclass(frozen=True)
class BaseSolution:
    code: str
    name: str
    components: tuple[str, ...]
    sources: tuple[str, ...]
    where: str
    note: str = ""


@dataclass(frozen=True)
class Catalyst:
    code: str
    name: str
    ingredients: tuple[str, ...]
    sources: tuple[str, ...]
    where: str


@dataclass(frozen=True)
class Formulation:
    code: str
    name: str
    with_catalyst: bool
    ingredients: tuple[str, ...]
    complete: bool
    indications: tuple[str, ...]
    sources: tuple[str, ...]
    where: str
    note: str = ""


@dataclass(frozen=True)
class Medication:
    code: str
    name: str
    sources: tuple[str, ...]
    where: str
    washout_hours: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Contraindication:
    code: str
    severity: Severity
    name: str
    message: str
    sources: tuple[str, ...]
    where: str
    derived: str = ""


@dataclass(frozen=True)
class Phase:
    """Sessions `first`..`last`, each after the previous one by a day range or by months."""

    first: int
    last: int
    min_days: int | None = None
    max_days: int | None = None
    months: int | None = None
    slack_days: int | None = None


def phases_cover(spans: Iterable[tuple[int, int]], sessions: int) -> bool:
    """Whether phases' (first, last) session numbers cover sessions 2..`sessions` in order,
    with no gap and no overlap: session 1 is always the start day."""
    expected = 2
    for first, last in spans:
        if first != expected or last < first:
            return False
        expected = last + 1
    return expected == sessions + 1


@dataclass(frozen=True)
class Maintenance:
    every_days_min: int
    every_days_max: int


@dataclass(frozen=True)
class Protocol:
    code: str
    name: str
    indications: tuple[str, ...]
    sessions: int
    phases: tuple[Phase, ...]
    sources: tuple[str, ...]
    where: str
    sessions_min: int | None = None
    maintenance: Maintenance | None = None
    note: str = ""


@dataclass(frozen=True)
class Care:
    code: str
    name: str
    sources: tuple[str, ...]
    where: str
    hours_before: int | None = None
    minutes_before: int | None = None
    hours_after: int | None = None
    blocks: tuple[str, ...] = ()


@dataclass(frozen=True)
class SideEffect:
    code: str
    name: str
    typical_duration: str
    sources: tuple[str, ...]
    where: str
    days_min: int | None = None
    days_max: int | None = None


@dataclass(frozen=True)
class Cost:
    code: str
    name: str
    amount_min: float
    amount_max: float
    sources: tuple[str, ...]
    where: str
    currency: str = ""
    note: str = ""


@dataclass(frozen=True)
class Outcome:
    code: str
    name: str
    sources: tuple[str, ...]
    where: str
    patients: int | None = None
    note: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    code: str
    name: str
    sources: tuple[str, ...]
    where: str
    year: int | None = None


@dataclass(frozen=True)
class KnowledgeBase:
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

    # Lookups built once on first use; the base is immutable, so they never go stale.
    @cached_property
    def source_by_id(self) -> MappingProxyType[str, Source]:
        return MappingProxyType({s.id: s for s in self.sources})

    @cached_property
    def technique_by_code(self) -> MappingProxyType[str, Technique]:
        return MappingProxyType({t.code: t for t in self.techniques})

    @cached_property
    def indication_by_code(self) -> MappingProxyType[str, Indication]:
        return MappingProxyType({i.code: i for i in self.indications})

    @cached_property
    def formulation_by_code(self) -> MappingProxyType[str, Formulation]:
        return MappingProxyType({f.code: f for f in self.formulations})

    @cached_property
    def contraindication_by_code(self) -> MappingProxyType[str, Contraindication]:
        return MappingProxyType({c.code: c for c in self.contraindications})

    @cached_property
    def protocol_by_code(self) -> MappingProxyType[str, Protocol]:
        return MappingProxyType({p.code: p for p in self.protocols})

    @cached_property
    def medication_by_code(self) -> MappingProxyType[str, Medication]:
        return MappingProxyType({m.code: m for m in self.medications})

    @cached_property
    def ingredient_codes(self) -> frozenset[str]:
        return frozenset(i.code for i in self.ingredients)

    @cached_property
    def ingredients_by_formulation(self) -> MappingProxyType[str, frozenset[str]]:
        """Every ingredient of each formulation, the catalyst's included."""
        return MappingProxyType(
            {
                f.code: frozenset(f.ingredients)
                | frozenset(self.catalyst.ingredients if f.with_catalyst else ())
                for f in self.formulations
            }
        )

    def protocols_for(self, indication: str) -> tuple[Protocol, ...]:
        return tuple(p for p in self.protocols if indication in p.indications)
