"""The fast-charting forms: repeat the last session, or lay a protocol's grid over a region."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mesodesk.charting.bodymap import VIEWS
from mesodesk.charting.handout import record_handout
from mesodesk.charting.models import SessionRecord, Syringe
from mesodesk.charting.selectors import last_signed_record
from mesodesk.clinic.charting_grid import TEMPLATES


def _places() -> list[tuple[str, str]]:
    return [(f"{v.code}:{r.code}", f"{v.label} — {r.label}") for v in VIEWS for r in v.regions]


def _templates() -> list[tuple[str, str]]:
    # Named by what it lays down; the spacing is the source's figure (clinic/charting_grid.py).
    labels = {"single_pulse_grid": _("Single-pulse grid, a point every %(cm)s cm")}
    return [(t.code, str(labels[t.code]) % {"cm": f"{t.spacing_cm:g}"}) for t in TEMPLATES]


class _SyringeChoice(forms.Form):
    syringe = forms.ModelChoiceField(queryset=Syringe.objects.none(), label=_("Syringe"), required=False)

    def __init__(self, *args: Any, syringes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["syringe"].queryset = syringes  # type: ignore[attr-defined]


class RepeatForm(_SyringeChoice):
    prefix = "repeat"


class TemplateForm(_SyringeChoice):
    prefix = "template"

    template = forms.ChoiceField(label=_("Template"), choices=_templates)
    place = forms.ChoiceField(label=_("Region"), choices=_places)
    depth_mm = forms.DecimalField(
        label=_("Depth (mm)"), min_value=Decimal("0.1"), max_value=50, decimal_places=1, initial=Decimal(2)
    )
    needle_gauge = forms.IntegerField(
        label=_("Needle gauge (G)"), min_value=10, max_value=40, required=False, initial=30
    )
    needle_length_mm = forms.DecimalField(
        label=_("Needle length (mm)"), min_value=1, max_value=100, decimal_places=1, initial=Decimal(4)
    )
    volume_ml = forms.DecimalField(
        label=_("Volume per point (ml)"), min_value=Decimal("0.001"), max_value=10, decimal_places=3,
        initial=Decimal("0.05"),
    )  # fmt: skip

    field_order = (
        "template",
        "place",
        "depth_mm",
        "needle_gauge",
        "needle_length_mm",
        "volume_ml",
        "syringe",
    )

    def applied(self) -> dict[str, Any]:
        """The service's arguments from the cleaned form."""
        data = dict(self.cleaned_data)
        view, region = data.pop("place").split(":", 1)
        return {**data, "view": view, "region": region}


def fast_context(record: SessionRecord, bound: dict[str, Any]) -> dict[str, Any]:
    """What the record page's fast-charting card shows; once signed, the after-care handout given."""
    if record.signed:
        return {"handout": record_handout(record)}
    syringes = Syringe.objects.filter(record=record)
    return {
        "repeat_from": last_signed_record(record),
        "repeat_form": bound.get("repeat_form") or RepeatForm(syringes=syringes),
        "template_form": bound.get("template_form") or TemplateForm(syringes=syringes),
    }
