"""The entries of the knowledge base, one class per kind, each field typed and sourced.

Every entry carries `sources` (article ids) and `where` (the heading or passage it was
restated from), so a fact can always be traced back to its article."""

from __future__ import annotations

from types import MappingProxyType

from mesodesk.knowledge.record import Record

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, Literal

    # RELIABILITIES and SEVERITIES below, as types (the loader checks values against them).
    Reliability = Literal["reliable", "mixed", "unreliable"]
    Severity = Literal["absolute", "relative", "advice"]

RELIABILITIES = ("reliable", "mixed", "unreliable")
SEVERITIES = ("absolute", "relative", "advice")


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
    """A class of medicines screening asks about. `names`: the generic and brand names (lower
    case, in the three languages) the intake form and the contracts recognise as this class;
    a glossary for reading what people write, not a clinical claim."""

    __slots__ = ("code", "name", "names", "sources", "where", "washout_hours", "note")
    _defaults = MappingProxyType({"washout_hours": None, "note": "", "names": ()})

    code: str
    name: str
    names: tuple[str, ...]
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
