"""What a person reads for the built-in instruments, in their language (gettext): names,
questions and answer labels, keyed by the codes of clinic.outcomes. A clinic's own
instrument carries its names in en/fr/de (models.ClinicInstrument)."""

from __future__ import annotations

from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from mesodesk.clinic.outcomes import CATEGORICAL, Instrument
from mesodesk.outcomes.models import ClinicInstrument

NAMES = {
    "network_satisfaction": _("Satisfaction with the result"),
    "gais_subject": _("Global Aesthetic Improvement Scale (patient)"),
    "gais_investigator": _("Global Aesthetic Improvement Scale (clinician)"),
    "pain_vas": _("Pain (visual analogue scale, 0–10)"),
    "hair_stage_norwood": _("Hair loss stage (Norwood-Hamilton)"),
    "hair_stage_ludwig": _("Hair loss stage (Ludwig)"),
    "phototrichogram_density": _("Hair density (phototrichogram, hairs/cm²)"),
    "wrinkle_severity": _("Wrinkle severity (1–5)"),
    "glogau": _("Photo-ageing type (Glogau)"),
}

QUESTIONS = {
    "network_satisfaction": _("How satisfied are you with the result of your treatment?"),
    "gais_subject": _("Compared with before the treatment, how does the treated area look now?"),
    "gais_investigator": _("Compared with the baseline, how does the treated area look now?"),
    "pain_vas": _("How strong is your pain now, from 0 (no pain) to 10 (worst pain imaginable)?"),
    "hair_stage_norwood": _("Stage of hair loss"),
    "hair_stage_ludwig": _("Grade of hair loss"),
    "phototrichogram_density": _("Hairs per cm² on the phototrichogram"),
    "wrinkle_severity": _("Wrinkle severity"),
    "glogau": _("Photo-ageing type"),
}

CATEGORIES = {
    "less_satisfied": _("Less satisfied"),
    "satisfied": _("Satisfied"),
    "very_satisfied": _("Very satisfied"),
    "very_much_improved": _("Very much improved"),
    "much_improved": _("Much improved"),
    "improved": _("Improved"),
    "no_change": _("No change"),
    "worse": _("Worse"),
}

GLOGAU = {
    "I": _("Type I: no wrinkles"),
    "II": _("Type II: wrinkles in motion"),
    "III": _("Type III: wrinkles at rest"),
    "IV": _("Type IV: only wrinkles"),
}

WRINKLE = {
    1: pgettext_lazy("wrinkle grade", "1 – absent"),
    2: pgettext_lazy("wrinkle grade", "2 – mild"),
    3: pgettext_lazy("wrinkle grade", "3 – moderate"),
    4: pgettext_lazy("wrinkle grade", "4 – severe"),
    5: pgettext_lazy("wrinkle grade", "5 – extreme"),
}


def _own_name(own: ClinicInstrument, language: str | None) -> str:
    lang = (language or get_language() or "en")[:2]
    return str(getattr(own, f"name_{lang}", "") or own.name_en)


def instrument_name(
    code: str, own: dict[str, ClinicInstrument] | None = None, language: str | None = None
) -> str:
    """A built-in's name in the active language; a clinic's own by its stored name."""
    if code in NAMES:
        return str(NAMES[code])
    if own and code in own:
        return _own_name(own[code], language)
    return code


STAGES = {
    "glogau": _("Glogau %(stage)s"),
    "hair_stage_norwood": _("Norwood %(stage)s"),
    "hair_stage_ludwig": _("Ludwig %(stage)s"),
}


def rank_label(scale: Instrument, rank: float, own: dict[str, ClinicInstrument] | None = None) -> str:
    """An ordinal scale's rank (1 for its first grade or choice) as a person reads the grade:
    "Glogau III", "2 – mild", a clinic's own choice in the active language; never "3.0"."""
    position = round(rank)
    if scale.kind == CATEGORICAL:
        if not 1 <= position <= len(scale.choices):
            return str(position)
        code = scale.choices[position - 1]
        if own and scale.code in own:
            lang = (get_language() or "en")[:2]
            for choice in own[scale.code].choices:
                if str(choice.get("code")) == code:
                    return str(choice.get(lang) or choice.get("en") or code)
        if scale.code in STAGES:
            return str(STAGES[scale.code]) % {"stage": code}
        return category_label(scale.code, code)
    if scale.code == "wrinkle_severity" and position in WRINKLE:
        return str(WRINKLE[position])
    if scale.labels and scale.minimum is not None:
        index = position - int(scale.minimum)
        if 0 <= index < len(scale.labels):
            return f"{position} – {category_label(scale.code, scale.labels[index])}"
    return str(position)


def category_label(instrument: str, category: str) -> str:
    """A category code as a person reads it (stages stay as their roman numerals)."""
    if instrument == "glogau" and category in GLOGAU:
        return str(GLOGAU[category])
    if category in CATEGORIES:
        return str(CATEGORIES[category])
    return category
