"""The clinic's outcomes, grouped by indication, protocol, formulation or clinician: the
satisfaction distribution, the patients' response rate to links, and paired before/after
changes, each with honest intervals (clinic.outcome_stats): a numeric scale's mean change
with its t interval, an ordinal scale's (grades, stages) share improved / unchanged / worse
with a Wilcoxon signed-rank test. Reads only; three queries
(responses, links, the clinicians' names) however many rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from mesodesk.clinic.outcome_stats import OrdinalChange, PairedDifference, Proportion
from mesodesk.clinic.outcomes import BUILT_IN, SATISFACTION, Instrument, Scored
from mesodesk.courses.labels import protocol_label
from mesodesk.outcomes.models import OutcomeLink, OutcomeResponse
from mesodesk.reference.labels import kb_label

DIMENSIONS = ("indication", "protocol", "formulation", "clinician")
SATISFIED = ("satisfied", "very_satisfied")
BEFORE, AFTER = "baseline", "end"


@dataclass
class Paired:
    """A course's baseline and end values of one instrument; an ordinal scale's are ranks."""

    instrument: str
    before: list[float] = field(default_factory=list)
    after: list[float] = field(default_factory=list)
    ordinal: bool = False
    better: str = ""

    @property
    def difference(self) -> PairedDifference | OrdinalChange:
        if self.ordinal and self.better in ("lower", "higher"):
            return OrdinalChange(self.before, self.after, self.better)
        return PairedDifference(self.before, self.after)


@dataclass
class Group:
    key: str
    label: str
    courses: set[int] = field(default_factory=set)
    satisfaction: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SATISFACTION, 0))
    links_sent: int = 0
    links_answered: int = 0
    paired: dict[str, Paired] = field(default_factory=dict)

    @property
    def satisfaction_n(self) -> int:
        return sum(self.satisfaction.values())

    @property
    def satisfied(self) -> Proportion:
        return Proportion(sum(self.satisfaction[s] for s in SATISFIED), self.satisfaction_n)

    @property
    def response_rate(self) -> Proportion:
        return Proportion(self.links_answered, self.links_sent)

    @property
    def shares(self) -> list[tuple[str, int, float]]:
        """(level, count, share of the group's answers) for the stacked bar."""
        n = self.satisfaction_n
        return [(level, count, count / n if n else 0.0) for level, count in self.satisfaction.items()]

    @property
    def differences(self) -> list[tuple[str, Paired, PairedDifference | OrdinalChange]]:
        return [(code, p, p.difference) for code, p in sorted(self.paired.items())]


def _key(dimension: str, row: Mapping[str, Any]) -> str:
    if dimension == "protocol":
        return str(row["course__protocol_code"])
    if dimension == "formulation":
        return str(row["course__formulation"] or "")
    if dimension == "clinician":
        return str(row["course__clinician_id"])
    return str(row["course__indication"])


def _labels(dimension: str, groups: dict[str, Group], names: dict[str, str]) -> None:
    for key, group in groups.items():
        if dimension == "indication":
            group.label = kb_label("indications", key)
        elif dimension == "protocol":
            group.label = protocol_label(key, names.get(key, key))
        elif dimension == "formulation":
            group.label = kb_label("formulations", key) if key else ""
        else:
            group.label = names.get(key, key)


_FIELDS = (
    "course_id",
    "instrument",
    "timepoint",
    "score",
    "category",
    "course__indication",
    "course__protocol_code",
    "course__protocol_name",
    "course__formulation",
    "course__clinician_id",
)


def outcomes_by(dimension: str, known: dict[str, Instrument] | None = None) -> list[Group]:
    """The active clinic's outcomes grouped by `dimension` (one of DIMENSIONS), largest first.
    Satisfaction counts each course once, by its latest answer; a pair is a course's baseline
    and end answers of one instrument that has an order (clinic.outcomes.Instrument.rank)."""
    scales = known if known is not None else dict(BUILT_IN)
    groups: dict[str, Group] = {}
    names: dict[str, str] = {}
    latest_satisfaction: dict[int, str] = {}
    by_course: dict[int, str] = {}
    points: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(dict)
    rows = OutcomeResponse.objects.filter(course__isnull=False).order_by("answered_on", "id").values(*_FIELDS)
    for row in rows:
        key = _key(dimension, row)
        course_id = row["course_id"]
        names[str(row["course__protocol_code"])] = str(row["course__protocol_name"])
        group = groups.setdefault(key, Group(key, key))
        group.courses.add(course_id)
        by_course[course_id] = key
        code = row["instrument"]
        if code == "network_satisfaction" and row["category"] in SATISFACTION:
            latest_satisfaction[course_id] = row["category"]  # ordered by date: the last one wins
        scale = scales.get(code)
        if scale is not None and row["timepoint"] in (BEFORE, AFTER):
            rank = scale.rank(Scored(score=row["score"], category=row["category"]))
            if rank is not None:
                points[(course_id, code)][row["timepoint"]] = rank
    for course_id, level in latest_satisfaction.items():
        groups[by_course[course_id]].satisfaction[level] += 1
    for (course_id, code), found in sorted(points.items()):
        if BEFORE in found and AFTER in found:
            scale = scales[code]
            paired = groups[by_course[course_id]].paired.setdefault(
                code, Paired(code, ordinal=scale.ordinal, better=scale.better)
            )
            paired.before.append(float(found[BEFORE]))
            paired.after.append(float(found[AFTER]))
    links = OutcomeLink.objects.values(
        "used_at",
        "course__indication",
        "course__protocol_code",
        "course__protocol_name",
        "course__formulation",
        "course__clinician_id",
    )
    for link in links:
        key = _key(dimension, link)
        names.setdefault(str(link["course__protocol_code"]), str(link["course__protocol_name"]))
        group = groups.setdefault(key, Group(key, key))
        group.links_sent += 1
        group.links_answered += link["used_at"] is not None
    if dimension == "clinician" and groups:
        users = get_user_model().objects.filter(pk__in=[int(k) for k in groups])
        names.update({str(u.pk): str(u.get_full_name() or u.get_username()) for u in users})
    _labels(dimension, groups, names)
    return sorted(groups.values(), key=lambda g: (-len(g.courses), g.label))
