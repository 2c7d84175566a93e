"""Forms for what a clinic sets up itself: its own protocols and its price list."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from mesodesk.courses.models import PriceList
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.knowledge.model import phases_cover

_DAYS = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*:\s*(\d+)\s*-\s*(\d+)\s*days?\s*$")
_MONTHS = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*:\s*(\d+)\s*months?\s*±\s*(\d+)\s*days?\s*$")


def parse_phases(text: str, sessions: int) -> list[dict[str, int]]:
    """Lines such as `2-4: 7-14 days` or `5-8: 1 month ± 7 days`, covering sessions 2..N in order."""
    phases: list[dict[str, int]] = []
    for number, line in enumerate(text.strip().splitlines(), start=1):
        if days := _DAYS.match(line):
            first, last, low, high = map(int, days.groups())
            if not 0 < low <= high:
                raise forms.ValidationError(f"Line {number}: the day range must be like 7-14.")
            phase = {"first": first, "last": last, "min_days": low, "max_days": high}
        elif months := _MONTHS.match(line):
            first, last, count, slack = map(int, months.groups())
            phase = {"first": first, "last": last, "months": count, "slack_days": slack}
        else:
            raise forms.ValidationError(
                f"Line {number}: write it like '2-4: 7-14 days' or '5-8: 1 month ± 7 days'."
            )
        phases.append(phase)
    if not phases_cover(((p["first"], p["last"]) for p in phases), sessions):
        raise forms.ValidationError(f"The phases must cover sessions 2 to {sessions} in order.")
    return phases


class ClinicProtocolForm(forms.Form):
    code = forms.SlugField(label="Code", max_length=60)
    name = forms.CharField(label="Name", max_length=120)
    indications = forms.MultipleChoiceField(label="Indications", widget=forms.CheckboxSelectMultiple)
    sessions = forms.IntegerField(label="Number of sessions", min_value=2, max_value=60)
    phases = forms.CharField(
        label="Intervals (one phase a line)",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2-4: 7-14 days\n5-8: 1 month ± 7 days"}),
    )
    maintenance_min_days = forms.IntegerField(
        label="Maintenance every (days, from)", required=False, min_value=7
    )
    maintenance_max_days = forms.IntegerField(
        label="Maintenance every (days, to)", required=False, min_value=7
    )
    source_note = forms.CharField(label="Where this protocol comes from", max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(i.code, i.name) for i in load_knowledge().indications if i.treat]
        self.fields["indications"].choices = choices  # type: ignore[attr-defined]

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
                "maintenance_max_days", "Give both bounds, the first not above the second, or neither."
            )
        if data.get("code") in {p.code for p in load_knowledge().protocols}:
            self.add_error("code", "That code belongs to a knowledge-base protocol.")
        return data


class PriceListForm(forms.ModelForm[PriceList]):
    class Meta:
        model = PriceList
        fields = ("currency", "per_session", "package_sessions", "package_price")
        labels = {
            "per_session": "Price per session",
            "package_sessions": "Sessions in a package",
            "package_price": "Price of a package",
        }
