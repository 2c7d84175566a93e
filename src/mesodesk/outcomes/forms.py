"""The patient's questionnaire and the clinician's rating: one field per instrument, built
from its scale (clinic.outcomes). The services score and validate again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from mesodesk.clinic.outcomes import CATEGORICAL, Instrument
from mesodesk.outcomes.labels import QUESTIONS, WRINKLE, category_label, instrument_name
from mesodesk.outcomes.models import ClinicInstrument, Timepoint

DATE = forms.DateInput(attrs={"type": "date"})


def _choices(scale: Instrument, own: dict[str, ClinicInstrument]) -> list[tuple[str, str]] | None:
    if scale.kind == CATEGORICAL:
        if scale.code in own:
            from django.utils.translation import get_language

            lang = (get_language() or "en")[:2]
            return [
                (str(c["code"]), str(c.get(lang) or c.get("en") or c["code"]))
                for c in own[scale.code].choices
            ]
        return [(c, category_label(scale.code, c)) for c in scale.choices]
    if scale.labels:
        return [
            (str(n), f"{n} – {category_label(scale.code, label)}") for n, label in enumerate(scale.labels, 1)
        ]
    if scale.code == "wrinkle_severity":
        return [(str(n), str(text)) for n, text in WRINKLE.items()]
    return None


def value_field(
    scale: Instrument, own: dict[str, ClinicInstrument], *, label: str | None = None
) -> forms.Field:
    """The field for one instrument's answer: radio buttons for a few points or choices, a
    number in range otherwise."""
    text = label or str(QUESTIONS.get(scale.code, instrument_name(scale.code, own)))
    choices = _choices(scale, own)
    if choices is not None:
        return forms.ChoiceField(label=text, choices=choices, widget=forms.RadioSelect)
    step = "1" if scale.decimals == 0 else f"0.{'0' * (scale.decimals - 1)}1"
    return forms.DecimalField(
        label=text,
        min_value=scale.minimum,
        max_value=scale.maximum,
        decimal_places=scale.decimals,
        widget=forms.NumberInput(attrs={"step": step}),
    )


def answer_of(scale: Instrument, value: Any) -> dict[str, Any]:
    """A form's value as the instrument's answers: numbers as numbers (JSON), choices as codes."""
    if scale.kind == CATEGORICAL:
        return {"value": str(value)}
    return {"value": str(value) if scale.decimals else int(value)}


class QuestionnaireForm(forms.Form):
    """The patient's questions of one link, in the order of the link."""

    def __init__(
        self, *args: Any, scales: list[Instrument], own: dict[str, ClinicInstrument], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scales = scales
        for scale in scales:
            self.fields[scale.code] = value_field(scale, own)

    def answers(self) -> dict[str, dict[str, Any]]:
        return {s.code: answer_of(s, self.cleaned_data[s.code]) for s in self.scales}


class RatingForm(forms.Form):
    """One instrument rated (or a patient's paper answer entered) at one timepoint."""

    timepoint = forms.ChoiceField(label=gettext_lazy("Timepoint"), choices=Timepoint.choices)
    answered_on = forms.DateField(label=gettext_lazy("Answered on"), widget=DATE)

    def __init__(
        self, *args: Any, scale: Instrument, own: dict[str, ClinicInstrument], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scale = scale
        self.fields["value"] = value_field(scale, own, label=instrument_name(scale.code, own))
        self.fields["answered_on"].initial = timezone.localdate()
        self.order_fields(["value", "timepoint", "answered_on"])

    def answers(self) -> dict[str, Any]:
        return answer_of(self.scale, self.cleaned_data["value"])
