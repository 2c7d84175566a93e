from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mesodesk.accounts.selectors import AUDIT_SORTS


class AuditFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    person = forms.CharField(label=_("Person"), required=False, max_length=150)
    patient = forms.CharField(label=_("Patient id"), required=False, max_length=40)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(s, s) for key in AUDIT_SORTS for s in (key, f"-{key}")],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", gettext("The end of the period comes before its start."))
        return data
