"""The staff's report form and the patient's, both validated again by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from mesodesk.inventory.models import Lot
from mesodesk.safety.kinds import kind_choices
from mesodesk.safety.models import Outcome, Severity

DATE = forms.DateInput(attrs={"type": "date"})


class LotChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return gettext("%(product)s, lot %(number)s") % {"product": obj.product.name, "number": obj.number}


class AdverseEventForm(forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("of an adverse event", "Type"))
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    onset = forms.DateField(label=gettext_lazy("Onset"), widget=DATE)
    severity = forms.ChoiceField(label=gettext_lazy("Severity"), choices=Severity.choices)
    serious = forms.BooleanField(
        label=gettext_lazy("Serious (hospital care, lasting harm or danger to life)"), required=False
    )
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=Outcome.choices)
    resolved_on = forms.DateField(label=gettext_lazy("Resolved on"), required=False, widget=DATE)
    lots = LotChoice(
        label=gettext_lazy("Lots injected at the session"),
        queryset=Lot.objects.none(),
        required=False,
        help_text=gettext_lazy("When the session was charted and signed, its lots are taken from the chart."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()  # type: ignore[attr-defined]
        # The active clinic's lots (the scope filters), newest received first.
        self.fields["lots"].queryset = (  # type: ignore[attr-defined]
            Lot.objects.select_related("product").order_by("-received_on", "-id")
        )


class PatientReportForm(forms.Form):
    """What a patient can tell: what, since when, in their words, and whether it is bad."""

    kind = forms.ChoiceField(label=gettext_lazy("What happened?"))
    onset = forms.DateField(label=gettext_lazy("Since when?"), widget=DATE)
    description = forms.CharField(
        label=gettext_lazy("Describe it in your own words"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    serious = forms.BooleanField(
        label=gettext_lazy("It is severe: fever, spreading redness, pus, or I needed a doctor"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()  # type: ignore[attr-defined]
