"""The session record's forms: what the clinician fills in beside the body map."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mesodesk.charting.bodymap import SIZE, view_choices
from mesodesk.charting.models import Bleeding, Delivery, Disinfectant, PhotoMoment, Syringe
from mesodesk.charting.services_marks import POINT_TECHNIQUES
from mesodesk.inventory.models import Lot
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.reference.labels import kb_label


def _aftercare_choices() -> list[tuple[str, str]]:
    return [(c.code, kb_label("after_care", c.code)) for c in load_knowledge().after_care]


class DetailsForm(forms.Form):
    prefix = "details"

    screening_current = forms.BooleanField(label=_("Screening still current"), required=False)
    consent_in_force = forms.BooleanField(label=_("Consent in force"), required=False)
    precare_followed = forms.BooleanField(label=_("Pre-care followed"), required=False)
    bruising_resolved = forms.BooleanField(label=_("Previous bruising resolved"), required=False)
    gloves_worn = forms.BooleanField(label=_("Gloves worn"), required=False)
    disinfectant = forms.ChoiceField(
        label=_("Skin disinfected with"), required=False,
        choices=[("", _("Not yet disinfected")), *Disinfectant.choices],
    )  # fmt: skip
    delivery = forms.ChoiceField(label=_("Injected"), choices=Delivery.choices)
    gun_model = forms.CharField(label=_("Injector gun (which one)"), max_length=120, required=False)
    bleeding = forms.ChoiceField(
        label=_("Bleeding"), required=False, choices=[("", _("Not recorded")), *Bleeding.choices]
    )
    pain = forms.IntegerField(label=_("Pain (0 to 10)"), min_value=0, max_value=10, required=False)
    aftercare = forms.MultipleChoiceField(
        label=_("After-care given"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aftercare"].choices = _aftercare_choices()  # type: ignore[attr-defined]


def _lot_label(lot: Lot) -> str:
    """The lot as the picker lists it; its expiry written as the reader's language writes dates."""
    return f"{lot.product.name} · {lot.number} · {date_format(lot.expires)} · {lot.on_hand}"


class SyringeForm(forms.Form):
    """A syringe with up to three lots; the first is required."""

    prefix = "syringe"

    label = forms.CharField(label=_("Syringe"), max_length=20, initial="A")
    lot_1 = forms.ModelChoiceField(queryset=Lot.objects.none(), label=_("Lot"))
    volume_1 = forms.DecimalField(
        label=_("Volume (ml)"), min_value=Decimal("0.01"), max_value=100, decimal_places=2
    )
    lot_2 = forms.ModelChoiceField(queryset=Lot.objects.none(), label=_("Second lot"), required=False)
    volume_2 = forms.DecimalField(
        label=_("Volume (ml)"), min_value=Decimal("0.01"), max_value=100, decimal_places=2, required=False
    )
    lot_3 = forms.ModelChoiceField(queryset=Lot.objects.none(), label=_("Third lot"), required=False)
    volume_3 = forms.DecimalField(
        label=_("Volume (ml)"), min_value=Decimal("0.01"), max_value=100, decimal_places=2, required=False
    )

    def __init__(self, *args: Any, lots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in (1, 2, 3):
            field = self.fields[f"lot_{n}"]
            field.queryset = lots  # type: ignore[attr-defined]
            field.label_from_instance = _lot_label  # type: ignore[attr-defined]

    def lots(self) -> list[tuple[Lot, Decimal]]:
        chosen: list[tuple[Lot, Decimal]] = []
        for n in (1, 2, 3):
            lot, volume = self.cleaned_data.get(f"lot_{n}"), self.cleaned_data.get(f"volume_{n}")
            if lot is not None and volume is None:
                self.add_error(f"volume_{n}", _("Give the volume drawn from this lot."))
            elif lot is not None and volume is not None:
                chosen.append((lot, volume))
        return chosen


class PlacedForm(forms.Form):
    view = forms.ChoiceField(label=_("View"), choices=view_choices)
    depth_mm = forms.DecimalField(
        label=_("Depth (mm)"), min_value=Decimal("0.1"), max_value=50, decimal_places=1
    )
    needle_gauge = forms.IntegerField(label=_("Needle gauge (G)"), min_value=10, max_value=40, required=False)
    needle_length_mm = forms.DecimalField(
        label=_("Needle length (mm)"), min_value=1, max_value=100, decimal_places=1
    )
    syringe = forms.ModelChoiceField(queryset=Syringe.objects.none(), label=_("Syringe"), required=False)

    def __init__(self, *args: Any, syringes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["syringe"].queryset = syringes  # type: ignore[attr-defined]


class PointForm(PlacedForm):
    prefix = "point"

    x = forms.FloatField(label=_("Across (0 to 100)"), min_value=0, max_value=SIZE)
    y = forms.FloatField(label=_("Down (0 to 100)"), min_value=0, max_value=SIZE)
    technique = forms.ChoiceField(label=_("Technique"))
    volume_ml = forms.DecimalField(
        label=_("Volume (ml)"), min_value=Decimal("0.001"), max_value=10, decimal_places=3
    )

    field_order = ("view", "x", "y", "technique", "depth_mm", "needle_gauge", "needle_length_mm", "volume_ml")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["technique"].choices = [  # type: ignore[attr-defined]
            (code, kb_label("techniques", code)) for code in POINT_TECHNIQUES
        ]


class MoveForm(forms.Form):
    x = forms.FloatField(min_value=0, max_value=SIZE)
    y = forms.FloatField(min_value=0, max_value=SIZE)


class AreaForm(PlacedForm):
    prefix = "area"

    polygon = forms.CharField(
        label=_("Outline (corners as across,down pairs)"), max_length=800,
        help_text=_("For example: 20,10 40,10 40,25 20,25"),
    )  # fmt: skip
    pricks_per_second = forms.DecimalField(
        label=_("Pace (pricks a second)"), min_value=Decimal("0.5"), max_value=10, decimal_places=1
    )
    total_volume_ml = forms.DecimalField(
        label=_("Total volume (ml)"), min_value=Decimal("0.01"), max_value=20, decimal_places=2
    )

    def clean_polygon(self) -> list[list[float]]:
        try:
            corners = [[float(v) for v in pair.split(",")] for pair in self.cleaned_data["polygon"].split()]
        except ValueError:
            raise forms.ValidationError(_("Write each corner as two numbers, across,down.")) from None
        if any(len(c) != 2 for c in corners):
            raise forms.ValidationError(_("Write each corner as two numbers, across,down."))
        return corners


class SiteForm(PlacedForm):
    prefix = "site"

    x = forms.FloatField(label=_("Across (0 to 100)"), min_value=0, max_value=SIZE)
    y = forms.FloatField(label=_("Down (0 to 100)"), min_value=0, max_value=SIZE)
    duration_min = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=120)
    rate_ml_per_hour = forms.DecimalField(
        label=_("Rate (ml an hour)"), min_value=Decimal("0.01"), max_value=100, decimal_places=2
    )


class SignForm(forms.Form):
    prefix = "sign"

    password = forms.CharField(
        label=_("Your password, to sign"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AmendmentForm(forms.Form):
    prefix = "amend"

    reason = forms.CharField(label=_("Why"), max_length=500)
    change = forms.CharField(label=_("What it adds or corrects"), max_length=4000, widget=forms.Textarea)


class PhotoForm(forms.Form):
    prefix = "photo"

    view = forms.ChoiceField(label=_("View"), choices=view_choices)
    moment = forms.ChoiceField(label=_("Before or after"), choices=PhotoMoment.choices)
    image = forms.FileField(
        label=_("Photograph"), help_text=_("JPEG, PNG or WebP; its metadata (EXIF, GPS) is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )  # fmt: skip
    teaching_use = forms.BooleanField(
        label=_("May be used for teaching and marketing (only with the patient's consent)"), required=False
    )
