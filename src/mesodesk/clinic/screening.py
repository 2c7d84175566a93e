"""Screening a patient against the contraindications before anything is injected."""

from __future__ import annotations

from mesodesk.clinic import fields
from mesodesk.clinic.errors import InputError
from mesodesk.clinic.findings import SEVERITY_RANK, Finding, verdict_of

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesodesk.knowledge.model import KnowledgeBase

SEXES = frozenset({"female", "male", "other", "unknown"})
ADULT_AGE = 18
HAIR_LOSS_WINDOW_MONTHS = 24  # source 003: follicles stay revivable for about 2 years
_FIELDS = frozenset(
    {
        "age",
        "sex",
        "indication",
        "formulation",
        "conditions",
        "allergies",
        "medications",
        "hair_loss_onset_months",
        "expects_quick_results",
        "other_allergies",
    }
)
_EMPTY: frozenset[str] = frozenset()


class Patient:
    """What screening needs to know about a patient, already checked."""

    __slots__ = (
        "age",
        "allergies",
        "conditions",
        "expects_quick_results",
        "formulation",
        "hair_loss_onset_months",
        "indication",
        "medications",
        "other_allergies",
        "sex",
    )

    def __init__(
        self,
        *,
        age: int,
        indication: str,
        sex: str | None = None,
        formulation: str | None = None,
        conditions: frozenset[str] = _EMPTY,
        allergies: frozenset[str] = _EMPTY,
        medications: frozenset[str] = _EMPTY,
        hair_loss_onset_months: int | None = None,
        expects_quick_results: bool = False,
        other_allergies: tuple[str, ...] = (),
    ) -> None:
        self.age = age
        self.indication = indication
        self.sex = sex
        self.formulation = formulation
        self.conditions = conditions
        self.allergies = allergies
        self.medications = medications
        self.hair_loss_onset_months = hair_loss_onset_months
        self.expects_quick_results = expects_quick_results
        self.other_allergies = other_allergies


class Screening:
    __slots__ = ("findings", "verdict")

    def __init__(self, verdict: str, findings: tuple[Finding, ...]) -> None:
        self.verdict = verdict
        self.findings = findings

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "findings": [f.to_dict() for f in self.findings]}


def parse_patient(data: Any, kb: KnowledgeBase) -> Patient:
    """The screening contract's input, checked; raises InputError naming the field."""
    data = fields.mapping(data, "input", _FIELDS)
    get = data.get
    sex = get("sex")
    formulation = get("formulation")
    onset = get("hair_loss_onset_months")
    quick = get("expects_quick_results")
    return Patient(
        age=fields.whole_number(fields.required(data, "age", "age"), "age", 0, 130),
        indication=fields.code(
            fields.required(data, "indication", "indication"), "indication", kb.indication_by_code
        ),
        sex=None if sex is None else fields.code(sex, "sex", SEXES),
        formulation=None
        if formulation is None
        else fields.code(formulation, "formulation", kb.formulation_by_code),
        conditions=_codes(get("conditions"), "conditions", kb.condition_codes),
        allergies=_codes(get("allergies"), "allergies", kb.ingredient_codes),
        medications=_medications(get("medications"), "medications", kb),
        hair_loss_onset_months=None
        if onset is None
        else fields.whole_number(onset, "hair_loss_onset_months", 0, 130 * 12),
        expects_quick_results=False if quick is None else fields.boolean(quick, "expects_quick_results"),
        other_allergies=_texts(get("other_allergies"), "other_allergies"),
    )


def _texts(value: Any, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > 20:
        raise InputError(field, "must be a list of at most 20 texts")
    return tuple(fields.text(item, f"{field}[{i}]", 200) for i, item in enumerate(value))


def medication_names(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    """Each medicine name the knowledge base knows (lower case), and the classes it belongs to:
    a combination such as Asasantin is both aspirin and dipyridamole."""
    classes: dict[str, set[str]] = {}
    for medication in kb.medications:
        for name in (medication.code, *medication.names):
            classes.setdefault(name.casefold(), set()).add(medication.code)
    return {name: frozenset(codes) for name, codes in classes.items()}


def _medications(value: Any, field: str, kb: KnowledgeBase) -> frozenset[str]:
    """Codes, or medicines by a generic or brand name ("ibuprofen", "Kardegic"), as the intake
    form reads them: a whole name, in any case; anything else is refused, naming its place."""
    if value is None or value == []:
        return _EMPTY
    if not isinstance(value, list):
        raise InputError(field, "must be a list of codes")
    known = kb.medication_by_code
    names: dict[str, frozenset[str]] | None = None
    found: set[str] = set()
    for i, item in enumerate(value):
        if isinstance(item, str) and item in known:
            found.add(item)
            continue
        if names is None:
            names = medication_names(kb)
        codes = names.get(item.strip().casefold()) if isinstance(item, str) else None
        if not codes:
            fields.code(item, f"{field}[{i}]", known)  # raises, as for any unknown code
        found.update(codes or ())
    return frozenset(found)


def _codes(value: Any, field: str, known: Any) -> frozenset[str]:
    return _EMPTY if value is None or value == [] else fields.codes(value, field, known)


def screen_patient(patient: Patient, kb: KnowledgeBase) -> Screening:
    """Every contraindication and advice that applies to this patient, most severe first."""
    found: dict[str, str] = {}  # code -> message, when it says more than the rule's own
    rules = kb.contraindication_by_code

    for condition in patient.conditions:
        found[condition] = ""
    if patient.age < ADULT_AGE:
        found["under_18"] = f"The patient is {patient.age}; " + rules["under_18"].message
    implied = kb.indication_by_code[patient.indication].implies
    if implied:
        found.setdefault(
            implied,
            f"The indication itself ({patient.indication}) is a condition the sources "
            f"contraindicate ({implied}); see the conflicts list.",
        )
    if patient.formulation is not None:
        _screen_formulation(patient, kb, found)
    if patient.medications:
        washout = sorted(patient.medications & kb.washout_medications)
        if washout:
            found["antiplatelet_washout"] = f"Stop {', '.join(washout)} 48 hours before each session."
        if "anticoagulant" in patient.medications:
            found["anticoagulant_therapy"] = ""
    if patient.other_allergies:
        found["allergy_unreviewed"] = (
            f"Not yet reviewed: {'; '.join(patient.other_allergies)}. " + rules["allergy_unreviewed"].message
        )
    if "herpes_tendency" in patient.conditions:
        found["herpes_prophylaxis"] = ""
    if patient.indication == "hair_loss":
        onset = patient.hair_loss_onset_months
        if onset is not None and onset > HAIR_LOSS_WINDOW_MONTHS:
            found["hair_loss_onset_over_2_years"] = (
                f"Hair loss began {onset} months ago. " + rules["hair_loss_onset_over_2_years"].message
            )
        if patient.sex == "male":
            found["hair_loss_male_expectations"] = ""
    if patient.expects_quick_results:
        found["expects_quick_results"] = ""

    findings = []
    for code, message in found.items():
        rule = rules[code]
        findings.append(Finding(code, rule.severity, message or rule.message, rule.sources))
    findings.sort(key=lambda f: (SEVERITY_RANK[f.severity], f.code))
    return Screening(verdict_of(findings), tuple(findings))


def _screen_formulation(patient: Patient, kb: KnowledgeBase, found: dict[str, str]) -> None:
    formulation = patient.formulation
    assert formulation is not None  # noqa: S101 - checked by the caller
    allergic_to = patient.allergies & kb.ingredients_by_formulation[formulation]
    if allergic_to:
        parts = []
        for ingredient in sorted(allergic_to):
            via = " (in its catalyst)" if ingredient in kb.catalyst_ingredients else ""
            parts.append(f"{ingredient}{via}")
        found["ingredient_allergy"] = (
            f"The patient is allergic to {', '.join(parts)}, an ingredient of {formulation}."
        )
    if not kb.formulation_by_code[formulation].complete:
        found["formulation_composition_incomplete"] = ""


def screen(data: Any, kb: KnowledgeBase) -> dict[str, Any]:
    """The screening contract: JSON-shaped input to JSON-shaped output."""
    return screen_patient(parse_patient(data, kb), kb).to_dict()
