"""The knowledge base as one typed, read-only model: what the YAML under data/ becomes.

Every entry carries `sources` (article ids) and `where` (the heading or passage
it was restated from), so a fact can always be traced back to its article.

The same classes serve the web application and the `mesodesk` CLI, whose start-up is
measured against bare Python's (bench/cli_startup.py, docs/adr/0001-one-knowledge-model.md):
so they are plain slotted classes rather than dataclasses, and this module imports
neither `dataclasses` nor `typing` at run time. The loader validates the YAML against
their annotations; the CLI builds them straight from the validated JSON snapshot.
"""

from __future__ import annotations

from functools import cached_property
from types import MappingProxyType

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any, Literal, Self

    # RELIABILITIES and SEVERITIES below, as types (the loader checks values against them).
    Reliability = Literal["reliable", "mixed", "unreliable"]
    Severity = Literal["absolute", "relative", "advice"]

RELIABILITIES = ("reliable", "mixed", "unreliable")
SEVERITIES = ("absolute", "relative", "advice")
_NOTHING: Mapping[str, Any] = MappingProxyType({})


class Record:
    """An entry of the knowledge base: fields in `__slots__` (in order), optional ones with
    their value in `_defaults`, entries nested inside it named in `_nested`. Read-only."""

    __slots__: tuple[str, ...] = ()
    _defaults: Mapping[str, Any] = _NOTHING
    _nested: Mapping[str, type[Record]] = _NOTHING

    def __init__(self, **values: Any) -> None:
        for name in self.__slots__:
            value = values[name] if name in values else self._defaults[name]
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"the knowledge base is read-only: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"the knowledge base is read-only: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and type(other) is type(self) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({shown})"

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    @classmethod
    def from_plain(cls, plain: Mapping[str, Any]) -> Self:
        """Built from already validated JSON-shaped data (the snapshot): lists become tuples.

        On the CLI's start-up path, hence the plain loop with no intermediate dict."""
        entry = object.__new__(cls)
        for name in cls.__slots__:
            value = plain[name] if name in plain else cls._defaults[name]
            if value.__class__ is list:
                nested = cls._nested.get(name)
                value = tuple(nested.from_plain(v) for v in value) if nested else tuple(value)
            elif value.__class__ is dict:
                value = cls._nested[name].from_plain(value)
            object.__setattr__(entry, name, value)
        return entry

    def to_plain(self) -> dict[str, Any]:
        """The JSON shape of this entry (the `kb export` contract's), every field in order."""
        return {name: _plain(getattr(self, name)) for name in self.__slots__}


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_plain()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


class Source(Record):
    __slots__ = ("id", "title", "reliability", "notes")

    id: str
    title: str
    reliability: Reliability
    notes: str


class Claim(Record):
    __slots__ = ("source", "claim")

    source: str
    claim: str


class Conflict(Record):
    __slots__ = ("topic", "claims", "followed", "why", "code")
    _defaults = MappingProxyType({"code": ""})
    _nested = MappingProxyType({"claims": Claim})

    topic: str
    claims: tuple[Claim, ...]
    followed: str
    why: str
    # The key of its French and German texts (knowledge.i18n); the topic is English wording.
    code: str

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({c.source for c in self.claims}))

    def to_plain(self) -> dict[str, Any]:
        return {**super().to_plain(), "sources": list(self.sources)}


class Entry(Record):
    """A named, sourced fact with no further structure (a category, a requirement…)."""

    __slots__ = ("code", "name", "sources", "where", "note")
    _defaults = MappingProxyType({"note": ""})

    code: str
    name: str
    sources: tuple[str, ...]
    where: str
    note: str


class DepthClass(Record):
    __slots__ = (
        "code",
        "name",
        "techniques",
        "sources",
        "where",
        "depth_min_mm",
        "depth_max_mm",
        "max_inclusive",
        "note",
    )
    _defaults = MappingProxyType(
        {"depth_min_mm": None, "depth_max_mm": None, "max_inclusive": True, "note": ""}
    )

    code: str
    name: str
    techniques: tuple[str, ...]
    sources: tuple[str, ...]
    where: str
    depth_min_mm: float | None
    depth_max_mm: float | None
    max_inclusive: bool
    note: str


class Needle(Record):
    __slots__ = ("length_mm", "gauge")
    _defaults = MappingProxyType({"gauge": None})

    length_mm: float
    gauge: int | None


class Technique(Record):
    __slots__ = (
        "code",
        "name",
        "depth_min_mm",
        "depth_max_mm",
        "max_inclusive",
        "depth_classes",
        "sources",
        "where",
        "needles",
        "volume_min_ml",
        "volume_max_ml",
        "spacing_min_cm",
        "spacing_max_cm",
        "pace",
        "effect",
        "pain",
        "bleeding",
        "note",
    )
    _defaults = MappingProxyType(
        {
            "needles": (),
            "volume_min_ml": None,
            "volume_max_ml": None,
            "spacing_min_cm": None,
            "spacing_max_cm": None,
            "pace": "",
            "effect": "",
            "pain": "",
            "bleeding": "",
            "note": "",
        }
    )
    _nested = MappingProxyType({"needles": Needle})

    code: str
    name: str
    depth_min_mm: float
    depth_max_mm: float
    max_inclusive: bool
    depth_classes: tuple[str, ...]
    sources: tuple[str, ...]
    where: str
    needles: tuple[Needle, ...]
    volume_min_ml: float | None
    volume_max_ml: float | None
    spacing_min_cm: float | None
    spacing_max_cm: float | None
    pace: str
    effect: str
    pain: str
    bleeding: str
    note: str

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

    def depth_range(self) -> str:
        """The chart check's wording of the range: 1–4 mm (upper bound ≤)."""
        upper = "≤" if self.max_inclusive else "<"
        return f"{self.depth_min_mm:g}–{self.depth_max_mm:g} mm (upper bound {upper})"


class Material(Record):
    __slots__ = ("code", "kind", "name", "sources", "where", "note")
    _defaults = MappingProxyType({"note": ""})

    code: str
    kind: Literal["syringe", "needle", "injector_gun", "protective", "disinfectant"]
    name: str
    sources: tuple[str, ...]
    where: str
    note: str


class Indication(Record):
    __slots__ = ("code", "name", "category", "sources", "where", "examples", "note", "treat", "implies")
    _defaults = MappingProxyType({"examples": (), "note": "", "treat": True, "implies": ""})

    code: str
    name: str
    category: Literal["skin_condition", "medical_aesthetics", "sports_injury", "pain"]
    sources: tuple[str, ...]
    where: str
    examples: tuple[str, ...]
    note: str
    treat: bool
    implies: str


class BaseSolution(Record):
    __slots__ = ("code", "name", "components", "sources", "where", "note")
    _defaults = MappingProxyType({"note": ""})

    code: str
    name: str
    components: tuple[str, ...]
    sources: tuple[str, ...]
    where: str
    note: str


class Catalyst(Record):
    __slots__ = ("code", "name", "ingredients", "sources", "where")

    code: str
    name: str
    ingredients: tuple[str, ...]
    sources: tuple[str, ...]
    where: str


class Formulation(Record):
    __slots__ = (
        "code",
        "name",
        "with_catalyst",
        "ingredients",
        "complete",
        "indications",
        "sources",
        "where",
        "note",
    )
    _defaults = MappingProxyType({"note": ""})

    code: str
    name: str
    with_catalyst: bool
    ingredients: tuple[str, ...]
    complete: bool
    indications: tuple[str, ...]
    sources: tuple[str, ...]
    where: str
    note: str


class Medication(Record):
    __slots__ = ("code", "name", "sources", "where", "washout_hours", "note")
    _defaults = MappingProxyType({"washout_hours": None, "note": ""})

    code: str
    name: str
    sources: tuple[str, ...]
    where: str
    washout_hours: int | None
    note: str


class Contraindication(Record):
    __slots__ = ("code", "severity", "name", "message", "sources", "where", "derived")
    _defaults = MappingProxyType({"derived": ""})

    code: str
    severity: Severity
    name: str
    message: str
    sources: tuple[str, ...]
    where: str
    derived: str


class Phase(Record):
    """Sessions `first`..`last`, each after the previous one by a day range or by months."""

    __slots__ = ("first", "last", "min_days", "max_days", "months", "slack_days")
    _defaults = MappingProxyType({"min_days": None, "max_days": None, "months": None, "slack_days": None})

    first: int
    last: int
    min_days: int | None
    max_days: int | None
    months: int | None
    slack_days: int | None


def phases_cover(spans: Iterable[tuple[int, int]], sessions: int) -> bool:
    """Whether phases' (first, last) session numbers cover sessions 2..`sessions` in order,
    with no gap and no overlap: session 1 is always the start day."""
    expected = 2
    for first, last in spans:
        if first != expected or last < first:
            return False
        expected = last + 1
    return expected == sessions + 1


class Maintenance(Record):
    __slots__ = ("every_days_min", "every_days_max")

    every_days_min: int
    every_days_max: int


class Protocol(Record):
    __slots__ = (
        "code",
        "name",
        "indications",
        "sessions",
        "phases",
        "sources",
        "where",
        "sessions_min",
        "maintenance",
        "note",
    )
    _defaults = MappingProxyType({"sessions_min": None, "maintenance": None, "note": ""})
    _nested = MappingProxyType({"phases": Phase, "maintenance": Maintenance})

    code: str
    name: str
    indications: tuple[str, ...]
    sessions: int
    phases: tuple[Phase, ...]
    sources: tuple[str, ...]
    where: str
    sessions_min: int | None
    maintenance: Maintenance | None
    note: str


class Care(Record):
    __slots__ = (
        "code",
        "name",
        "sources",
        "where",
        "hours_before",
        "minutes_before",
        "hours_after",
        "blocks",
    )
    _defaults = MappingProxyType(
        {"hours_before": None, "minutes_before": None, "hours_after": None, "blocks": ()}
    )

    code: str
    name: str
    sources: tuple[str, ...]
    where: str
    hours_before: int | None
    minutes_before: int | None
    hours_after: int | None
    blocks: tuple[str, ...]


class SideEffect(Record):
    __slots__ = ("code", "name", "typical_duration", "sources", "where", "days_min", "days_max")
    _defaults = MappingProxyType({"days_min": None, "days_max": None})

    code: str
    name: str
    typical_duration: str
    sources: tuple[str, ...]
    where: str
    days_min: int | None
    days_max: int | None


class Cost(Record):
    __slots__ = ("code", "name", "amount_min", "amount_max", "sources", "where", "currency", "note")
    _defaults = MappingProxyType({"currency": "", "note": ""})

    code: str
    name: str
    amount_min: float
    amount_max: float
    sources: tuple[str, ...]
    where: str
    currency: str
    note: str


class Outcome(Record):
    __slots__ = ("code", "name", "sources", "where", "patients", "note")
    _defaults = MappingProxyType({"patients": None, "note": ""})

    code: str
    name: str
    sources: tuple[str, ...]
    where: str
    patients: int | None
    note: str


class HistoryEntry(Record):
    __slots__ = ("code", "name", "sources", "where", "year")
    _defaults = MappingProxyType({"year": None})

    code: str
    name: str
    sources: tuple[str, ...]
    where: str
    year: int | None


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
        return {name: _plain(getattr(self, name)) for name in self.SECTIONS}

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
