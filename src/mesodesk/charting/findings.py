"""The chart check's findings as a person reads them: a title and a sentence in the reader's
language, written from the code and the mark or lot it is about (the clinical core's own
message is English, for programs), with the sources the knowledge base gives."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from mesodesk.charting.bodymap import VIEW_BY_CODE
from mesodesk.charting.models import InjectionPoint, NappageArea, PerfusionSite, SyringeLot
from mesodesk.charting.selectors import Mark, RecordCheck
from mesodesk.clinic.findings import ChartFinding
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.reference.labels import kb_label

TITLES = {
    "lot_expired": gettext_lazy("Lot expired"),
    "oily_solution": gettext_lazy("Oily product"),
    "ingredient_allergy": gettext_lazy("Allergy to an ingredient"),
    "depth_outside_technique": gettext_lazy("Depth outside the technique"),
    "depth_exceeds_needle": gettext_lazy("Deeper than the needle"),
    "volume_above_max": gettext_lazy("Volume above the technique's maximum"),
    "volume_below_min": gettext_lazy("Volume below the technique's minimum"),
    "spacing_below_min": gettext_lazy("Points too close"),
}
SEVERITIES = {"error": gettext_lazy("Blocks signing"), "warning": gettext_lazy("Warning")}


@dataclass(frozen=True)
class FindingShown:
    code: str
    severity: str
    severity_label: str
    title: str
    sentence: str
    sources: tuple[str, ...]
    mark_number: int | None  # 1-based, as the list of marks numbers them


def mark_region(mark: Mark) -> str:
    view = VIEW_BY_CODE[mark.view]
    region = next((r for r in view.regions if r.code == mark.region), None)
    return f"{view.label} · {region.label if region else mark.region}"


def _technique(code: str) -> str:
    return kb_label("techniques", code)


def _sentence(finding: ChartFinding, about: Mark | SyringeLot | None) -> str:
    kb = load_knowledge()
    if isinstance(about, SyringeLot):
        lot = {"lot": about.lot.number, "product": about.lot.product.name}
        if finding.code == "lot_expired":
            return gettext("Lot %(lot)s of %(product)s expired on %(expires)s, before this session.") % {
                **lot, "expires": date_format(about.lot.expires),
            }  # fmt: skip
        if finding.code == "oily_solution":
            return (
                gettext("%(product)s (lot %(lot)s) is an oily solution: injected drugs must not be oily.")
                % lot
            )
        if finding.code == "ingredient_allergy":
            allergic = ", ".join(kb_label("ingredients", c) for c in sorted(about.lot.product.ingredients))
            return gettext("The patient is allergic to an ingredient of %(product)s (%(ingredients)s).") % {
                **lot, "ingredients": allergic,
            }  # fmt: skip
    if isinstance(about, InjectionPoint | NappageArea | PerfusionSite):
        code = "nappage" if isinstance(about, NappageArea) else about.technique
        technique = kb.technique_by_code[code]
        values = {
            "technique": _technique(code), "depth": f"{about.depth_mm:g}",
            "needle": f"{about.needle_length_mm:g}",
            "range": f"{technique.depth_min_mm:g}–{technique.depth_max_mm:g} mm",
            "max": f"{technique.volume_max_ml or 0:g}", "min": f"{technique.volume_min_ml or 0:g}",
            "spacing": f"{technique.spacing_min_cm or 0:g}",
        }  # fmt: skip
        sentences = {
            "depth_outside_technique": gettext(
                "%(depth)s mm is outside the depth of %(technique)s (%(range)s)."
            ),
            "depth_exceeds_needle": gettext("%(depth)s mm is deeper than the %(needle)s mm needle reaches."),
            "volume_above_max": gettext("The volume is above the %(max)s ml per point of %(technique)s."),
            "volume_below_min": gettext("The volume is below the %(min)s ml per point of %(technique)s."),
            "spacing_below_min": gettext(
                "Closer than %(spacing)s cm to an earlier %(technique)s point of the same region."
            ),
        }
        if finding.code in sentences:
            return sentences[finding.code] % values
    return str(TITLES.get(finding.code, gettext("Chart check")))


def findings_shown(checked: RecordCheck) -> list[FindingShown]:
    shown = []
    for finding in checked.check.findings:
        about = checked.about(finding)
        shown.append(
            FindingShown(
                code=finding.code,
                severity=finding.severity,
                severity_label=str(SEVERITIES.get(finding.severity, finding.severity)),
                title=str(TITLES.get(finding.code, gettext("Chart check"))),
                sentence=_sentence(finding, about),
                sources=finding.sources,
                mark_number=None if finding.point is None else finding.point + 1,
            )  # fmt: skip
        )
    return shown
