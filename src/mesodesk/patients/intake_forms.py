"""The intake form, in the active language (the patient's on the intake link, the staff's
on the history page); staff use the same form to edit a history."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language, gettext

from mesodesk.knowledge.i18n import TRANSLATED_LANGUAGES, load_translations
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.history import HistoryAnswers
from mesodesk.patients.intake_text import (
    AREAS,
    CONDITION_QUESTIONS,
    LABELS,
    MEDICATION_LABELS,
    recognise_medications,
)
from mesodesk.patients.models import History

MAX_LINES = 20


def _lines(text: str, field: str, limit: int = 200) -> tuple[str, ...]:
    lines = tuple(line.strip() for line in text.splitlines() if line.strip())
    if len(lines) > MAX_LINES:
        raise forms.ValidationError(gettext("At most %(count)d lines.") % {"count": MAX_LINES})
    for line in lines:
        if len(line) > limit:
            raise forms.ValidationError(gettext("Each line at most %(count)d characters.") % {"count": limit})
    return lines


def _known_ingredient(text: str) -> str | None:
    """The ingredient code a free-text allergy names, if it names one exactly, in any language
    (a French patient writes "lidocaïne")."""
    wanted = text.casefold().replace("-", " ").replace("_", " ")
    translations = load_translations()
    for ingredient in load_knowledge().ingredients:
        names = {ingredient.code.replace("_", " "), ingredient.name.casefold()}
        names.update(
            translations.label("ingredients", ingredient.code, language).casefold()
            for language in TRANSLATED_LANGUAGES
        )
        if wanted in names:
            return ingredient.code
    return None


class IntakeForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or "en"
        translations = load_translations()
        for code, question in CONDITION_QUESTIONS.items():
            self.fields[f"condition_{code}"] = forms.BooleanField(label=question, required=False)
        self.fields["breastfeeding"] = forms.BooleanField(label=LABELS["breastfeeding"], required=False)
        self.fields["allergies"] = forms.MultipleChoiceField(
            label=LABELS["allergies"],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[
                (i.code, translations.label("ingredients", i.code, language))
                for i in load_knowledge().ingredients
            ],
        )
        self.fields["other_allergies"] = forms.CharField(
            label=LABELS["other_allergies"],
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields["medications"] = forms.MultipleChoiceField(
            label=LABELS["medications"],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=list(MEDICATION_LABELS.items()),
        )
        self.fields["other_medications"] = forms.CharField(
            label=LABELS["other_medications"],
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields["hair_loss_onset_months"] = forms.IntegerField(
            label=LABELS["hair_loss_onset_months"], required=False, min_value=0, max_value=1560
        )
        self.fields["expects_quick_results"] = forms.BooleanField(
            label=LABELS["expects_quick_results"], required=False
        )
        self.fields["goals"] = forms.CharField(
            label=LABELS["goals"],
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields["areas"] = forms.MultipleChoiceField(
            label=LABELS["areas"],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=list(AREAS.items()),
        )

    def condition_fields(self) -> list[forms.BoundField]:
        return [self[f"condition_{code}"] for code in CONDITION_QUESTIONS]

    def clean_other_allergies(self) -> tuple[str, ...]:
        return _lines(self.cleaned_data.get("other_allergies", ""), "other_allergies")

    def answers(self) -> HistoryAnswers:
        data = self.cleaned_data
        allergies = set(data["allergies"])
        unknown = []
        for text in data["other_allergies"]:
            code = _known_ingredient(text)
            if code:
                allergies.add(code)
            else:
                unknown.append(text)
        return HistoryAnswers(
            conditions=frozenset(code for code in CONDITION_QUESTIONS if data[f"condition_{code}"]),
            allergies=frozenset(allergies),
            other_allergies=tuple(unknown),
            medications=frozenset(data["medications"]) | recognise_medications(data["other_medications"]),
            other_medications=data["other_medications"].strip(),
            breastfeeding=data["breastfeeding"],
            hair_loss_onset_months=data["hair_loss_onset_months"],
            expects_quick_results=data["expects_quick_results"],
            goals=data["goals"].strip(),
            areas=tuple(data["areas"]),
        )


def initial_from(history: History) -> dict[str, Any]:
    initial: dict[str, Any] = {
        f"condition_{code}": code in history.conditions for code in CONDITION_QUESTIONS
    }
    initial.update(
        allergies=history.allergies,
        medications=history.medications,
        other_medications=history.other_medications,
        breastfeeding=history.breastfeeding,
        hair_loss_onset_months=history.hair_loss_onset_months,
        expects_quick_results=history.expects_quick_results,
        goals=history.goals,
        areas=history.areas,
    )
    return initial
