"""Outcome instruments: what is asked, which answers are valid, and how they are scored.

Plain data in, a score out, no database. Every instrument says where it comes from
(`source_note`). Only the network's three-level satisfaction survey comes from the
project's sources (003, "Results": the Meso-Report 2015 rated each patient less satisfied,
satisfied or very satisfied). The other scales are published clinical scales the sources
do not define; their notes name the published scale and say so. mesodesk takes their
structure (points, grades, stages) from the published scale and adds no clinical claim.

Answers are a mapping with one item, `value`: a number for numeric instruments, a choice
code for categorical ones. A result is a `Scored`: a numeric score and/or a category code.
Texts a person reads (names, choice labels) live in the web layer (outcomes.labels), keyed
by these codes.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from mesodesk.clinic.errors import InputError

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

PATIENT = "patient"
CLINICIAN = "clinician"
NUMERIC = "numeric"
CATEGORICAL = "categorical"
VALUE = "value"

NOT_FROM_SOURCES = "Not from the project's sources: the published {scale}."


class Scored:
    """An instrument's result: `score` (numeric, or None) and `category` (a code, or "")."""

    __slots__ = ("category", "score")

    def __init__(self, *, score: Decimal | None, category: str = "") -> None:
        self.score = score
        self.category = category

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scored) and (self.score, self.category) == (other.score, other.category)

    def __hash__(self) -> int:
        return hash((self.score, self.category))

    def __repr__(self) -> str:
        return f"Scored(score={self.score!r}, category={self.category!r})"


class Instrument:
    """One scale. Numeric: a value in [minimum, maximum] with at most `decimals` decimals;
    `labels` (optional) name each whole point with a category code. Categorical: one of
    `choices`, ordered from the first to the last level (`ordered`: the order means
    something, so a stage can be compared before and after).

    `better` says which way is improvement: "higher", "lower" or "" (not comparable).
    `ordinal`: the values are grades or stages, not measurements (an ordered categorical
    scale, or a numeric one whose whole points are grades): they are compared by rank and
    shown by their labels, never averaged."""

    __slots__ = (
        "better",
        "choices",
        "code",
        "decimals",
        "kind",
        "labels",
        "maximum",
        "minimum",
        "ordered",
        "ordinal",
        "rater",
        "sources",
        "source_note",
        "unit",
    )

    def __init__(
        self,
        *,
        code: str,
        rater: str,
        kind: str,
        source_note: str,
        sources: tuple[str, ...] = (),
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
        decimals: int = 0,
        labels: tuple[str, ...] = (),
        choices: tuple[str, ...] = (),
        ordered: bool = False,
        better: str = "",
        unit: str = "",
        ordinal: bool = False,
    ) -> None:
        if rater not in (PATIENT, CLINICIAN):
            raise InputError("rater", f"unknown rater {rater!r}")
        if kind == NUMERIC:
            if minimum is None or maximum is None or minimum >= maximum:
                raise InputError("maximum", "a numeric instrument needs a minimum below its maximum")
        elif kind == CATEGORICAL:
            if len(choices) < 2 or len(set(choices)) != len(choices):
                raise InputError("choices", "a categorical instrument needs at least two distinct choices")
        else:
            raise InputError("kind", f"unknown kind {kind!r}")
        self.code = code
        self.rater = rater
        self.kind = kind
        self.source_note = source_note
        self.sources = sources
        self.minimum = minimum
        self.maximum = maximum
        self.decimals = decimals
        self.labels = labels
        self.choices = choices
        self.ordered = ordered
        self.better = better
        self.unit = unit
        self.ordinal = (kind == CATEGORICAL and ordered) or (kind == NUMERIC and ordinal)

    def __repr__(self) -> str:
        return f"Instrument({self.code!r})"

    def score(self, answers: Mapping[str, object]) -> Scored:
        """The answers scored, or InputError naming the bad field (`answers.value`)."""
        if not isinstance(answers, dict) or set(answers) != {VALUE}:
            raise InputError("answers", "expected exactly one item, 'value'")
        raw = answers[VALUE]
        if self.kind == CATEGORICAL:
            if not isinstance(raw, str) or raw not in self.choices:
                raise InputError("answers.value", f"expected one of {', '.join(self.choices)}")
            return Scored(score=None, category=raw)
        value = _number(raw)
        assert self.minimum is not None and self.maximum is not None  # noqa: S101 - checked in __init__
        if not self.minimum <= value <= self.maximum:
            raise InputError("answers.value", f"expected a number from {self.minimum} to {self.maximum}")
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimals:
            raise InputError("answers.value", f"expected at most {self.decimals} decimal places")
        value = value.quantize(Decimal(1).scaleb(-self.decimals))
        category = ""
        if self.labels:
            category = self.labels[int(value - self.minimum)]
        return Scored(score=value, category=category)

    def rank(self, result: Scored) -> Decimal | None:
        """A comparable number for before/after: the score, or an ordered category's position
        (1 for the first choice); None when the instrument has no order."""
        if self.kind == NUMERIC:
            return result.score
        if self.ordered and result.category in self.choices:
            return Decimal(self.choices.index(result.category) + 1)
        return None


def _number(raw: object) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str, Decimal)):
        raise InputError("answers.value", "expected a number")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise InputError("answers.value", "expected a number") from None
    if not value.is_finite():
        raise InputError("answers.value", "expected a number")
    return value


SATISFACTION = ("less_satisfied", "satisfied", "very_satisfied")
# GAIS as published: 1 = very much improved … 5 = worse (lower is better).
GAIS_GRADES = ("very_much_improved", "much_improved", "improved", "no_change", "worse")
NORWOOD_STAGES = ("I", "II", "IIa", "III", "IIIa", "IIIv", "IV", "IVa", "V", "Va", "VI", "VII")
LUDWIG_STAGES = ("I", "II", "III")
GLOGAU_TYPES = ("I", "II", "III", "IV")
WRINKLE_GRADES = ("absent", "mild", "moderate", "severe", "extreme")

_MESO_REPORT = "003_2731458d19abe466"

BUILT_IN: dict[str, Instrument] = {
    i.code: i
    for i in (
        Instrument(
            code="network_satisfaction",
            rater=PATIENT,
            kind=CATEGORICAL,
            choices=SATISFACTION,
            ordered=True,
            better="higher",
            sources=(_MESO_REPORT,),
            source_note=(
                "The network's member survey (Meso-Report 2015) rated each treated patient's result "
                "on three levels: less satisfied, satisfied, very satisfied (003, 'Results')."
            ),
        ),
        Instrument(
            code="gais_subject",
            rater=PATIENT,
            kind=NUMERIC,
            minimum=Decimal(1),
            maximum=Decimal(5),
            labels=GAIS_GRADES,
            better="lower",
            source_note=NOT_FROM_SOURCES.format(
                scale="Global Aesthetic Improvement Scale (GAIS), subject's version: 1 very much "
                "improved, 2 much improved, 3 improved, 4 no change, 5 worse"
            ),
        ),
        Instrument(
            code="gais_investigator",
            rater=CLINICIAN,
            kind=NUMERIC,
            minimum=Decimal(1),
            maximum=Decimal(5),
            labels=GAIS_GRADES,
            better="lower",
            source_note=NOT_FROM_SOURCES.format(
                scale="Global Aesthetic Improvement Scale (GAIS), investigator's version, "
                "same five points as the subject's"
            ),
        ),
        Instrument(
            code="pain_vas",
            rater=PATIENT,
            kind=NUMERIC,
            minimum=Decimal(0),
            maximum=Decimal(10),
            decimals=1,
            better="lower",
            source_note=NOT_FROM_SOURCES.format(
                scale="visual analogue scale for pain, 0 (no pain) to 10 (worst imaginable pain)"
            ),
        ),
        Instrument(
            code="hair_stage_norwood",
            rater=CLINICIAN,
            kind=CATEGORICAL,
            choices=NORWOOD_STAGES,
            ordered=True,
            better="lower",
            source_note=NOT_FROM_SOURCES.format(
                scale="Norwood-Hamilton classification of male-pattern hair loss (stages I to VII "
                "with the a and vertex variants)"
            ),
        ),
        Instrument(
            code="hair_stage_ludwig",
            rater=CLINICIAN,
            kind=CATEGORICAL,
            choices=LUDWIG_STAGES,
            ordered=True,
            better="lower",
            source_note=NOT_FROM_SOURCES.format(
                scale="Ludwig classification of female-pattern hair loss (grades I to III)"
            ),
        ),
        Instrument(
            code="phototrichogram_density",
            rater=CLINICIAN,
            kind=NUMERIC,
            minimum=Decimal(0),
            maximum=Decimal(1000),
            decimals=1,
            better="higher",
            unit="hairs/cm²",
            source_note=NOT_FROM_SOURCES.format(
                scale="phototrichogram: hairs counted per cm² on a standardized scalp photograph"
            ),
        ),
        Instrument(
            code="wrinkle_severity",
            rater=CLINICIAN,
            kind=NUMERIC,
            minimum=Decimal(1),
            maximum=Decimal(5),
            better="lower",
            ordinal=True,
            source_note=NOT_FROM_SOURCES.format(
                scale="five-grade Wrinkle Severity Rating Scale (1 absent, 2 mild, 3 moderate, "
                "4 severe, 5 extreme)"
            ),
        ),
        Instrument(
            code="glogau",
            rater=CLINICIAN,
            kind=CATEGORICAL,
            choices=GLOGAU_TYPES,
            ordered=True,
            better="lower",
            source_note=NOT_FROM_SOURCES.format(
                scale="Glogau photo-ageing classification, types I (no wrinkles) to IV (only wrinkles)"
            ),
        ),
    )
}


def custom_instrument(
    *,
    code: str,
    rater: str,
    kind: str,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    decimals: int = 0,
    choices: tuple[str, ...] = (),
    better: str = "",
) -> Instrument:
    """A clinic's own instrument: its own scale, its own responsibility (says so). A
    categorical one with `better` ("lower": the first choice is best, "higher": the last)
    is ordered; without it, its choices are only names."""
    if code in BUILT_IN:
        raise InputError("code", "this code belongs to a built-in instrument")
    if better not in ("", "lower", "higher"):
        raise InputError("better", f"unknown direction {better!r}")
    return Instrument(
        code=code,
        rater=rater,
        kind=kind,
        minimum=minimum,
        maximum=maximum,
        decimals=decimals,
        choices=choices,
        ordered=kind == CATEGORICAL and bool(better),
        better=better if kind == CATEGORICAL else "",
        source_note="A clinic's own instrument: defined by the clinic, not by the project's sources.",
    )
