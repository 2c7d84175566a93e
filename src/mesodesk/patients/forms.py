from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError

from mesodesk.patients.models import Patient
from mesodesk.patients.services import validate_date_of_birth


class PatientForm(forms.ModelForm[Patient]):
    class Meta:
        model = Patient
        fields = ("family_name", "given_name", "date_of_birth", "sex")
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}

    def clean_date_of_birth(self) -> datetime.date:
        born: datetime.date = self.cleaned_data["date_of_birth"]
        try:
            validate_date_of_birth(born)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["date_of_birth"]) from None
        return born


class PatientSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name, date of birth (YYYY-MM-DD) or id", required=False, max_length=100
    )
