"""What the patient page shows instead of codes, in the reader's language.

A finding's name and message come from the knowledge base by its code (the `kb` template
filters). The core's English message may also carry a detail (an age, an allergen, the
patient's own words); that detail is said again here, in the reader's language, from the
same input the core screened."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_lazy, ngettext
from django_stubs_ext import StrPromise

from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.intake_text import AREAS
from mesodesk.patients.models import Acknowledgement, History
from mesodesk.patients.screening import PatientScreening
from mesodesk.reference.labels import kb_label

VERDICTS: dict[str, StrPromise] = {
    "contraindicated": gettext_lazy("Contraindicated"),
    "caution": gettext_lazy("Caution"),
    "eligible": gettext_lazy("Eligible"),
}
SEVERITIES: dict[str, StrPromise] = {
    "absolute": gettext_lazy("absolute"),
    "relative": gettext_lazy("relative"),
    "advice": gettext_lazy("advice"),
}


def history_labels(history: History) -> dict[str, list[str]]:
    """The history's coded answers by name: conditions, allergies, medications and areas."""
    return {
        "conditions": [kb_label("contraindications", code) for code in history.conditions],
        "allergies": [kb_label("ingredients", code) for code in history.allergies],
        "medications": [kb_label("medications", code) for code in history.medications],
        "areas": [str(AREAS.get(code, code)) for code in history.areas],
        "other_medications": medicines_written(history.other_medications),
    }


def medicines_written(text: str) -> list[str]:
    """The medicines the patient wrote in their own words, one item each: a list written with
    commas, semicolons or one per line ("Marcumar, Euthyrox 50")."""
    return [item for item in (" ".join(part.split()) for part in re.split(r"[,;\n]", text)) if item]


@dataclass(frozen=True)
class FindingRow:
    finding: dict[str, Any]
    severity: str
    detail: str
    acknowledgement: Acknowledgement | None
    awaits_acknowledgement: bool


def finding_detail(code: str, screening: PatientScreening) -> str:
    """What the core's message adds to the rule's own, said in the active language."""
    data, kb = screening.data, load_knowledge()
    if code == "under_18" and "age" in data:
        age = data["age"]
        return ngettext("The patient is %(age)d year old.", "The patient is %(age)d years old.", age) % {
            "age": age
        }
    if code == "ingredient_allergy" and data.get("formulation"):
        formulation = data["formulation"]
        allergens = sorted(set(data.get("allergies", ())) & kb.ingredients_by_formulation[formulation])
        names = [
            gettext("%(ingredient)s (in its catalyst)") % {"ingredient": kb_label("ingredients", a)}
            if a in kb.catalyst_ingredients
            else kb_label("ingredients", a)
            for a in allergens
        ]
        return gettext("Allergic to %(allergens)s, an ingredient of %(formulation)s.") % {
            "allergens": ", ".join(names),
            "formulation": kb_label("formulations", formulation),
        }
    if code == "antiplatelet_washout":
        taken = sorted(set(data.get("medications", ())) & kb.washout_medications)
        medications = ", ".join(kb_label("medications", m) for m in taken)
        return gettext("Takes: %(medications)s.") % {"medications": medications}
    if code == "allergy_unreviewed" and data.get("other_allergies"):
        # The patient's own words: shown as written, never translated.
        return gettext("Not yet reviewed: %(allergies)s.") % {"allergies": "; ".join(data["other_allergies"])}
    if code == "hair_loss_onset_over_2_years" and data.get("hair_loss_onset_months") is not None:
        months = data["hair_loss_onset_months"]
        return ngettext(
            "Hair loss began %(months)d month ago.", "Hair loss began %(months)d months ago.", months
        ) % {"months": months}
    indication = kb.indication_by_code.get(screening.indication)
    implied = indication.implies if indication is not None else ""
    if code == implied and code not in data.get("conditions", ()):
        return gettext(
            "The indication itself (%(indication)s) is a condition the sources contraindicate; "
            "see the conflicts list."
        ) % {"indication": kb_label("indications", screening.indication)}
    return ""


def finding_rows(screening: PatientScreening) -> list[FindingRow]:
    """Each finding with its severity's name, its detail and where it stands with acknowledgement."""
    waiting = {f["code"] for f in screening.unacknowledged}
    return [
        FindingRow(
            finding=f,
            severity=str(SEVERITIES.get(f["severity"], f["severity"])),
            detail=finding_detail(f["code"], screening),
            acknowledgement=screening.acknowledged.get(f["code"]),
            awaits_acknowledgement=f["code"] in waiting,
        )
        for f in screening.findings
    ]
