"""Forms of the stock pages: a product, a lot received, a count of the shelves."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy

from mesodesk.inventory.models import MAX_UNITS, Lot, Presentation
from mesodesk.knowledge.i18n import load_translations
from mesodesk.knowledge.loader import load_knowledge


def kb_name(section: str, code: str) -> str:
    """A knowledge-base entry's name in the reader's language (inventory sits below the
    reference pages, so it asks the knowledge base's translations itself)."""
    try:
        return load_translations().label(section, code, get_language() or "en")
    except KeyError:
        return code


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ProductForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    formulation = forms.ChoiceField(
        label=gettext_lazy("Formulation of the knowledge base"),
        required=False,
        help_text=gettext_lazy("Its ingredients are filled in when you tick none below."),
    )
    ingredients = forms.MultipleChoiceField(
        label=gettext_lazy("Ingredients"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other_ingredients = forms.CharField(
        label=gettext_lazy("Other ingredients (one a line)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    manufacturer = forms.CharField(label=gettext_lazy("Manufacturer"), max_length=120)
    presentation = forms.ChoiceField(label=gettext_lazy("Presentation"), choices=Presentation.choices)
    volume_ml = forms.DecimalField(
        label=gettext_lazy("Volume per unit (ml)"),
        min_value=Decimal("0.01"),
        max_value=Decimal(1000),
        max_digits=6,
        decimal_places=2,
    )
    isotonic = forms.BooleanField(label=gettext_lazy("Isotonic"), required=False)
    oily = forms.BooleanField(
        label=gettext_lazy("Oily solution (never injected: it cannot be drawn for a session)"), required=False
    )
    low_stock_below = forms.IntegerField(
        label=gettext_lazy("Alert when fewer units than this are left"),
        min_value=0,
        max_value=MAX_UNITS,
        initial=0,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kb = load_knowledge()
        formulations = [("", gettext("None: the clinic's own product"))]
        formulations += [(f.code, kb_name("formulations", f.code)) for f in kb.formulations]
        self.fields["formulation"].choices = formulations  # type: ignore[attr-defined]
        ingredients = [(i.code, kb_name("ingredients", i.code)) for i in kb.ingredients]
        self.fields["ingredients"].choices = ingredients  # type: ignore[attr-defined]

    def clean_other_ingredients(self) -> list[str]:
        text: str = self.cleaned_data.get("other_ingredients", "")
        return [line.strip() for line in text.splitlines() if line.strip()]


class LotForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Lot number"), max_length=60)
    expires = forms.DateField(label=gettext_lazy("Expiry date"), widget=DateInput())
    quantity = forms.IntegerField(label=gettext_lazy("Units received"), min_value=1, max_value=MAX_UNITS)
    supplier = forms.CharField(label=gettext_lazy("Supplier"), max_length=120)
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=DateInput())
    location = forms.CharField(label=gettext_lazy("Storage location"), max_length=120, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class DiscardForm(forms.Form):
    quantity = forms.IntegerField(label=gettext_lazy("Units to discard"), min_value=1, max_value=MAX_UNITS)
    note = forms.CharField(label=gettext_lazy("Why they are discarded"), max_length=500)


class StockCountForm(forms.Form):
    """One field per lot the books say holds units, filled in with what the books say."""

    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, lots: list[Lot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lots = lots
        for lot in lots:
            self.fields[f"lot_{lot.pk}"] = forms.IntegerField(
                label=gettext("%(product)s, lot %(lot)s") % {"product": lot.product.name, "lot": lot.number},
                min_value=0,
                max_value=MAX_UNITS,
                initial=lot.on_hand,
            )
        self.order_fields([*(f"lot_{lot.pk}" for lot in lots), "note"])

    def counted(self) -> dict[int, int]:
        return {lot.pk: self.cleaned_data[f"lot_{lot.pk}"] for lot in self.lots}
