"""Forms for what a clinic sets up itself: its own protocols and its price list."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from mesodesk.courses.models import PriceList
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.knowledge.model import phases_cover
from mesodesk.reference.labels import kb_label

# The units may be written in any of the screens' languages: "7-14 jours", "1 Monat ± 7 Tage".
_DAY = r"(?:days?|jours?|tage?)"
_MONTH = r"(?:months?|mois|monate?)"
_DAYS = re.compile(rf"^\s*(\d+)\s*-\s*(\d+)\s*:\s*(\d+)\s*-\s*(\d+)\s*{_DAY}\s*$", re.IGNORECASE)
_MONTHS = re.compile(rf"^\s*(\d+)\s*-\s*(\d+)\s*:\s*(\d+)\s*{_MONTH}\s*±\s*(\d+)\s*{_DAY}\s*$", re.IGNORECASE)


def parse_phases(text: str, sessions: int) -> list[dict[str, int]]:
    """Lines such as `2-4: 7-14 days` or `5-8: 1 month ± 7 days`, covering sessions 2..N in order."""
    phases: list[dict[str, int]] = []
    for number, line in enumerate(text.strip().splitlines(), start=1):
        if days := _DAYS.match(line):
            first, last, low, high = map(int, days.groups())
            if not 0 < low <= high:
                raise forms.ValidationError(
                    gettext("Line %(number)d: the day range must be like 7-14.") % {"number": number}
                )
            phase = {"first": first, "last": last, "min_days": low, "max_days": high}
        elif months := _MONTHS.match(line):
            first, last, count, slack = map(int, months.groups())
            phase = {"first": first, "last": last, "months": count, "slack_days": slack}
        else:
            raise forms.ValidationError(
                gettext("Line %(number)d: write it like '2-4: 7-14 days' or '5-8: 1 month ± 7 days'.")
                % {"number": number}
            )
        phases.append(phase)
    if not phases_cover(((p["first"], p["last"]) for p in phases), sessions):
        raise forms.ValidationError(
            gettext("The phases must cover sessions 2 to %(sessions)d in order.") % {"sessions": sessions}
        )
    return phases


class ClinicProtocolForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=60)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    indications = forms.MultipleChoiceField(
        label=gettext_lazy("Indications"), widget=forms.CheckboxSelectMultiple
    )
    sessions = forms.IntegerField(label=gettext_lazy("Number of sessions"), min_value=2, max_value=60)
    phases = forms.CharField(
        label=gettext_lazy("Intervals (one phase a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    maintenance_min_days = forms.IntegerField(
        label=gettext_lazy("Maintenance every (days, from)"), required=False, min_value=7
    )
    maintenance_max_days = forms.IntegerField(
        label=gettext_lazy("Maintenance every (days, to)"), required=False, min_value=7
    )
    source_note = forms.CharField(label=gettext_lazy("Where this protocol comes from"), max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(i.code, kb_label("indications", i.code)) for i in load_knowledge().indications if i.treat]
        self.fields["indications"].choices = choices  # type: ignore[attr-defined]
        # Set per form, so the example is in the language of the request that builds it.
        self.fields["phases"].widget.attrs["placeholder"] = gettext("2-4: 7-14 days\n5-8: 1 month ± 7 days")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "phases" in data and "sessions" in data:
            try:
                data["phases"] = parse_phases(data["phases"], data["sessions"])
            except forms.ValidationError as exc:
                self.add_error("phases", exc)
        low, high = data.get("maintenance_min_days"), data.get("maintenance_max_days")
        if (low is None) != (high is None) or (low is not None and high is not None and low > high):
            self.add_error(
                "maintenance_max_days",
                gettext("Give both bounds, the first not above the second, or neither."),
            )
        if data.get("code") in {p.code for p in load_knowledge().protocols}:
            self.add_error("code", gettext("That code belongs to a knowledge-base protocol."))
        return data


class PriceListForm(forms.ModelForm[PriceList]):
    class Meta:
        model = PriceList
        fields = ("currency", "per_session", "package_sessions", "package_price")
        labels = {
            "currency": gettext_lazy("Currency"),
            "per_session": gettext_lazy("Price per session"),
            "package_sessions": gettext_lazy("Sessions in a package"),
            "package_price": gettext_lazy("Price of a package"),
        }


class LetterheadForm(forms.Form):
    """The clinic's address and logo on every page of the documents its patients receive."""

    address = forms.CharField(
        label=gettext_lazy("Address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("As printed under the clinic's name: street, town, telephone."),
    )
    logo = forms.FileField(
        label=gettext_lazy("Logo"),
        required=False,
        help_text=gettext_lazy("A PNG, JPEG or SVG image of at most 200 kB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/svg+xml"}),
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Remove the logo"), required=False)
