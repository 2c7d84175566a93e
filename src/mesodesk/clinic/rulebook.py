"""The part of the knowledge base the rules need, as read-only lookups.

Built from the raw knowledge sections (see knowledge.snapshot) rather than the
dataclass model, so that the CLI does not pay for importing dataclasses.
"""

from __future__ import annotations

import functools
from types import MappingProxyType

from mesodesk.knowledge import snapshot

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SEVERITY_RANK = MappingProxyType({"absolute": 0, "relative": 1, "advice": 2})


class Technique:
    __slots__ = (
        "code",
        "depth_max_mm",
        "depth_min_mm",
        "max_inclusive",
        "sources",
        "spacing_min_cm",
        "volume_max_ml",
        "volume_min_ml",
    )

    def __init__(self, raw: dict[str, Any]) -> None:
        self.code: str = raw["code"]
        self.depth_min_mm: float = raw["depth_min_mm"]
        self.depth_max_mm: float = raw["depth_max_mm"]
        self.max_inclusive: bool = raw["max_inclusive"]
        self.volume_min_ml: float | None = raw.get("volume_min_ml")
        self.volume_max_ml: float | None = raw.get("volume_max_ml")
        self.spacing_min_cm: float | None = raw.get("spacing_min_cm")
        self.sources: tuple[str, ...] = tuple(raw["sources"])

    def depth_allowed(self, depth_mm: float) -> bool:
        if depth_mm < self.depth_min_mm:
            return False
        return depth_mm <= self.depth_max_mm if self.max_inclusive else depth_mm < self.depth_max_mm

    def depth_label(self) -> str:
        upper = "≤" if self.max_inclusive else "<"
        return f"{self.depth_min_mm:g}–{self.depth_max_mm:g} mm (upper bound {upper})"


class Rule:
    """A screening code: its severity, what the clinician reads, where it comes from."""

    __slots__ = ("code", "message", "severity", "sources")

    def __init__(self, raw: dict[str, Any]) -> None:
        self.code: str = raw["code"]
        self.severity: str = raw["severity"]
        self.message: str = raw["message"]
        self.sources: tuple[str, ...] = tuple(raw["sources"])


class RuleBook:
    """Read-only lookups over the knowledge base, built once per process."""

    def __init__(self, sections: dict[str, Any]) -> None:
        self.rules = MappingProxyType({r["code"]: Rule(r) for r in sections["contraindications"]})
        self.condition_codes = frozenset(
            code for code, rule in self.rules.items() if rule.severity in ("absolute", "relative")
        )
        self.contraindication_sources = tuple(
            sorted({s for r in self.rules.values() if r.severity != "advice" for s in r.sources})
        )
        self.indications = MappingProxyType({i["code"]: i for i in sections["indications"]})
        self.ingredient_codes = frozenset(i["code"] for i in sections["ingredients"])
        catalyst = sections["catalyst"]
        self.catalyst_ingredients = frozenset(catalyst["ingredients"])
        self.catalyst_sources = tuple(catalyst["sources"])
        self.formulations = MappingProxyType({f["code"]: f for f in sections["formulations"]})
        self.formulation_ingredients = MappingProxyType(
            {
                f["code"]: frozenset(f["ingredients"])
                | (self.catalyst_ingredients if f["with_catalyst"] else frozenset())
                for f in sections["formulations"]
            }
        )
        self.medications = MappingProxyType({m["code"]: m for m in sections["medications"]})
        # Drugs to stop before each session (aspirin, NSAIDs, dipyridamole: source 004).
        self.washout_medications = frozenset(
            code for code, m in self.medications.items() if m.get("washout_hours")
        )
        self.techniques = MappingProxyType({t["code"]: Technique(t) for t in sections["techniques"]})
        self.protocols = MappingProxyType({p["code"]: p for p in sections["protocols"]})
        self.care = MappingProxyType({c["code"]: c for c in (*sections["pre_care"], *sections["after_care"])})
        drug_requirements = {d["code"]: d for d in sections["drug_requirements"]}
        self.not_oily_sources = tuple(drug_requirements["not_oily"]["sources"])
        self.correct_use_sources = tuple(drug_requirements["correct_use"]["sources"])


@functools.cache
def load_rulebook() -> RuleBook:
    sections = snapshot.current_sections()
    if sections is None:
        # A stale snapshot (a knowledge file edited since `mesodesk kb compile`): validate the YAML.
        from mesodesk.knowledge.loader import raw_sections

        sections = raw_sections()
    return RuleBook(sections)
