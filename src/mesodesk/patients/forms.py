from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mesodesk.patients.models import Patient, PhotoScope
from mesodesk.patients.services import PATIENT_EDITABLE, validate_date_of_birth


class PatientForm(forms.ModelForm[Patient]):
    class Meta:
        model = Patient
        fields = PATIENT_EDITABLE
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_date_of_birth(self) -> datetime.date:
        born: datetime.date = self.cleaned_data["date_of_birth"]
        try:
            validate_date_of_birth(born)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["date_of_birth"]) from None
        return born


class PatientSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name, date of birth (YYYY-MM-DD) or id"), required=False, max_length=100
    )


class AcknowledgeForm(forms.Form):
    indication = forms.CharField(max_length=60)
    formulation = forms.CharField(max_length=60, required=False)
    code = forms.CharField(max_length=60)
    reason = forms.CharField(
        label=_("Reason for going ahead"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Review"), max_length=500)


class ConsentForm(forms.Form):
    photo_scope = forms.ChoiceField(
        label=_("Photographs"), choices=PhotoScope.choices, widget=forms.RadioSelect
    )
    typed_name = forms.CharField(label=_("Patient's full name"), max_length=200)
    signature = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500_000)
    sign_by_typing = forms.BooleanField(
        label=_("I sign by typing my full name above, instead of drawing"), required=False
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("What the patient said"), max_length=500)
    photos_only = forms.BooleanField(label=_("Withdraw only the permission for photographs"), required=False)
