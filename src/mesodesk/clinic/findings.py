"""What the rules say: findings, each with its severity and its sources."""

from __future__ import annotations

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

VERDICTS = ("contraindicated", "caution", "eligible")
SEVERITY_RANK = {"absolute": 0, "relative": 1, "advice": 2}


class Finding:
    """One screening finding. `sources` is never empty: the rule book refuses such a rule."""

    __slots__ = ("code", "message", "severity", "sources")

    def __init__(self, code: str, severity: str, message: str, sources: tuple[str, ...]) -> None:
        self.code = code
        self.severity = severity
        self.message = message
        self.sources = sources

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "sources": list(self.sources),
        }

    def __repr__(self) -> str:
        return f"Finding({self.code!r}, {self.severity!r})"


class ChartFinding:
    """One chart-check finding; `point` and `product` index the input lists, or are None."""

    __slots__ = ("code", "message", "point", "product", "severity", "sources")

    def __init__(
        self,
        code: str,
        severity: str,
        message: str,
        sources: tuple[str, ...],
        point: int | None = None,
        product: int | None = None,
    ) -> None:
        self.code = code
        self.severity = severity
        self.message = message
        self.sources = sources
        self.point = point
        self.product = product

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "point": self.point,
            "product": self.product,
            "message": self.message,
            "sources": list(self.sources),
        }

    def __repr__(self) -> str:
        return f"ChartFinding({self.code!r}, point={self.point}, product={self.product})"


def verdict_of(findings: Iterable[Finding]) -> str:
    """The contract's rule: any absolute → contraindicated, else any relative → caution."""
    severities = {f.severity for f in findings}
    if "absolute" in severities:
        return "contraindicated"
    if "relative" in severities:
        return "caution"
    return "eligible"
