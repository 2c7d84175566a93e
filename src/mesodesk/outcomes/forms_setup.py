"""The clinic's own instruments and schedules as forms. They only shape the input: the rules
(ranges, choices, duplicate codes, known instruments) are the services', the same the API
uses (outcomes.services); their errors come back onto these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from mesodesk.clinic.outcome_schedule import TIMEPOINTS, Schedule
from mesodesk.outcomes.models import ClinicInstrument, InstrumentKind, Rater, Timepoint

ORDER = (
    ("", gettext_lazy("Not ordered: the choices are only names")),
    ("lower", gettext_lazy("Ordered: the first choice is the best")),
    ("higher", gettext_lazy("Ordered: the last choice is the best")),
)
SEPARATOR = "|"


def choices_text(choices: list[dict[str, Any]]) -> str:
    return "\n".join(
        f" {SEPARATOR} ".join(str(c.get(k, "")) for k in ("code", "en", "fr", "de")) for c in choices
    )


class InstrumentForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=60,
        help_text=gettext_lazy("Lower-case letters, digits, - and _; it cannot change later."),
    )
    name_en = forms.CharField(label=gettext_lazy("Name in English"), max_length=120)
    name_fr = forms.CharField(label=gettext_lazy("Name in French"), max_length=120)
    name_de = forms.CharField(label=gettext_lazy("Name in German"), max_length=120)
    rater = forms.ChoiceField(label=gettext_lazy("Rated by"), choices=Rater.choices)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=InstrumentKind.choices)
    minimum = forms.DecimalField(
        label=gettext_lazy("Minimum"), required=False, max_digits=7, decimal_places=2,
        min_value=-99999, max_value=99999, help_text=gettext_lazy("Numeric only."),
    )  # fmt: skip
    maximum = forms.DecimalField(
        label=gettext_lazy("Maximum"), required=False, max_digits=7, decimal_places=2,
        min_value=-99999, max_value=99999, help_text=gettext_lazy("Numeric only."),
    )  # fmt: skip
    decimals = forms.IntegerField(
        label=gettext_lazy("Decimal places"), required=False, min_value=0, max_value=2, initial=0
    )
    choices = forms.CharField(
        label=gettext_lazy("Choices"),
        required=False,
        max_length=20 * 400,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Categorical only: one choice a line, in order, as code | English | French | German."
        ),
    )
    better = forms.ChoiceField(label=gettext_lazy("Order of the choices"), choices=ORDER, required=False)

    def __init__(self, *args: Any, instance: ClinicInstrument | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "code": instance.code,
                    "name_en": instance.name_en,
                    "name_fr": instance.name_fr,
                    "name_de": instance.name_de,
                    "rater": instance.rater,
                    "kind": instance.kind,
                    "minimum": instance.minimum,
                    "maximum": instance.maximum,
                    "decimals": instance.decimals,
                    "choices": choices_text(instance.choices),
                    "better": instance.better if instance.ordered else "",
                },
            )
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["code"].disabled = True

    def clean_choices(self) -> list[dict[str, str]]:
        out = []
        for line in str(self.cleaned_data.get("choices") or "").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(SEPARATOR)]
            if len(parts) != 4:
                raise ValidationError(
                    gettext("Each line needs four parts: code | English | French | German."), code="parts"
                )
            out.append(dict(zip(("code", "en", "fr", "de"), parts, strict=True)))
        return out

    def data_for_service(self) -> dict[str, Any]:
        return {**self.cleaned_data}


class ScheduleForm(forms.Form):
    """One protocol's schedule: for each instrument, the timepoints it is due at."""

    def __init__(self, *args: Any, names: dict[str, str], current: Schedule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        at = dict(current)
        labels = dict(Timepoint.choices)
        for code, name in names.items():
            self.fields[f"at_{code}"] = forms.MultipleChoiceField(
                label=name,
                required=False,
                choices=[(tp, labels[tp]) for tp in TIMEPOINTS],
                widget=forms.CheckboxSelectMultiple,
                initial=list(at.get(code, ())),
            )

    def items(self) -> list[dict[str, Any]]:
        return [
            {"instrument": name.removeprefix("at_"), "timepoints": list(chosen)}
            for name, chosen in self.cleaned_data.items()
            if chosen
        ]
