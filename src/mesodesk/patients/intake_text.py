"""The intake's questions in plain words; French and German come from the catalogues.

Each question maps to one screening condition code of the contract, so answering
yes records exactly that code; the clinician sees the condition's name and its source.
The texts are lazy: each is read in the language active when a page is drawn."""

from __future__ import annotations

import functools
import re

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from mesodesk.knowledge.loader import load_knowledge

CONDITION_QUESTIONS: dict[str, StrPromise] = {
    "pregnancy": _("Are you pregnant, or could you be?"),
    "multi_allergy": _("Are you allergic to several different substances?"),
    "hypertrophic_scarring": _("Do your scars tend to become thick and raised?"),
    "pigment_disorder": _(
        "Do you have a skin pigment disorder (for example vitiligo or patches of dark skin)?"
    ),
    "active_autoimmune": _("Do you have an autoimmune disease that is active at the moment?"),
    "severe_cardiovascular": _("Do you have a serious heart or blood-vessel disease?"),
    "severe_metabolic": _(
        "Do you have a serious metabolic disease (for example poorly controlled diabetes)?"
    ),
    "acute_infection": _("Do you have an infection right now (a cold sore, flu, a skin infection…)?"),
    "acute_inflammatory_dermatosis": _("Is your skin inflamed right now (a flare of eczema, dermatitis…)?"),
    "epilepsy": _("Do you have epilepsy?"),
    "psoriasis": _("Do you have psoriasis?"),
    "neurodermatitis": _("Do you have atopic eczema (neurodermatitis)?"),
    "bleeding_disorder": _("Do you bruise or bleed easily, or have a clotting disorder?"),
    "herpes_tendency": _("Do you often get cold sores (herpes)?"),
    "dysmorphophobia": _("Are you very distressed by a flaw in your appearance that others hardly notice?"),
}

LABELS: dict[str, StrPromise] = {
    "title": _("Before your mesotherapy"),
    "intro": _("Please answer these questions. Your answers go to your clinician only."),
    "health": _("Your health"),
    "allergies": _("Are you allergic to any of these?"),
    "other_allergies": _("Other allergies (one per line)"),
    "medications": _("Do you take any of these medicines?"),
    "other_medications": _("Other medicines you take (one per line)"),
    "breastfeeding": _("Are you breastfeeding?"),
    "hair_loss_onset_months": _("If you are losing hair: how many months ago did it start?"),
    "expects_quick_results": _("Do you expect a visible result after the first session?"),
    "goals": _("What would you like to achieve?"),
    "areas": _("Which areas would you like treated?"),
    "submit": _("Send my answers"),
    "thanks": _("Thank you. Your answers have been sent to your clinician."),
    "expired": _("This link has expired or has already been used. Please ask the clinic for a new one."),
}

MEDICATION_LABELS: dict[str, StrPromise] = {
    "aspirin": _("Aspirin"),
    "nsaid": _("Anti-inflammatory painkillers (ibuprofen, naproxen, diclofenac…)"),
    "dipyridamole": _("Dipyridamole"),
    "anticoagulant": _("Blood thinners (warfarin, apixaban, rivaroxaban, heparin…)"),
}

AREAS: dict[str, StrPromise] = {
    "face": _("Face"),
    "neck": _("Neck"),
    "decollete": _("Chest (décolleté)"),
    "hands": _("Back of the hands"),
    "scalp": _("Scalp"),
    "abdomen": _("Abdomen"),
    "thighs": _("Thighs"),
    "buttocks": _("Buttocks"),
    "arms": _("Arms"),
    "joints": _("A painful joint or tendon"),
}

# Common names, brand and generic, that a patient may write for the drugs screening
# recognises, in English, French and German. A drug glossary, not a clinical rule: the
# rules live in the knowledge base. A combination product is listed under each drug it
# contains (Asasantin/Aggrenox: aspirin and dipyridamole; Thomapyrin: aspirin).
# Up to this length a name must stand alone ("ASS 100", not "Massage"); longer names may
# begin a longer word ("Heparinspritze", "Clexane40", "Ibuprofen-ratiopharm").
_SHORT_NAME = 4


def _name_pattern(name: str) -> re.Pattern[str]:
    end = r"(?![^\W\d_])" if len(name) <= _SHORT_NAME else ""
    return re.compile(rf"(?<!\w){re.escape(name)}{end}")


@functools.cache
def _patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    # The names are the knowledge base's (substances.yaml, medications' `names`), so the intake
    # form and the screening contract (clinic.screening) recognise the same medicines.
    return {
        m.code: tuple(_name_pattern(name.lower()) for name in (m.code, *m.names))
        for m in load_knowledge().medications
    }


def recognise_medications(text: str) -> set[str]:
    """The screening medication codes a free-text list of medicines names.

    A name counts only where a word begins, so "ains" is not found in "grains"."""
    words = text.lower()
    return {code for code, patterns in _patterns().items() if any(p.search(words) for p in patterns)}
