from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from mesodesk.scheduling.models import AppointmentKind, ClinicHours, Room
from mesodesk.scheduling.services import EARLIEST_YEAR, LATEST_YEAR


class BookingForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label=gettext_lazy("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    minutes = forms.IntegerField(
        label=gettext_lazy("Duration (minutes)"), min_value=5, max_value=240, initial=30
    )
    clinician = forms.ModelChoiceField(
        label=gettext_lazy("Clinician"), queryset=get_user_model().objects.none()
    )
    room = forms.ModelChoiceField(label=gettext_lazy("Room"), queryset=Room.objects.none(), required=False)
    kind = forms.ChoiceField(
        label=pgettext_lazy("of an appointment", "Kind"),
        choices=AppointmentKind.choices,
        initial=AppointmentKind.MESOTHERAPY,
    )

    def __init__(self, *args: Any, rooms: Any = None, clinicians: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if rooms is not None:
            self.fields["room"].queryset = rooms  # type: ignore[attr-defined]
        if clinicians is not None:
            self.fields["clinician"].queryset = clinicians  # type: ignore[attr-defined]
        else:  # moving keeps the appointment's clinician
            del self.fields["clinician"]

    def clean_day(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["day"]
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise forms.ValidationError(
                gettext("Choose a day between %(earliest)d and %(latest)d.")
                % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
            )
        return day

    def span(self) -> tuple[datetime.datetime, datetime.datetime]:
        start = timezone.make_aware(
            datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        )
        return start, start + datetime.timedelta(minutes=self.cleaned_data["minutes"])


class MoveForm(forms.Form):
    """A new start, and a new duration only if the person gives one: what is not given stays
    as it was (the clinician, room and kind always do; the service keeps them)."""

    day = BookingForm.base_fields["day"]
    time = BookingForm.base_fields["time"]
    minutes = forms.IntegerField(
        label=gettext_lazy("Duration (minutes)"), min_value=5, max_value=240, required=False
    )

    clean_day = BookingForm.clean_day

    def span(self, *, keep: datetime.timedelta) -> tuple[datetime.datetime, datetime.datetime]:
        """Start and end; without a duration given, the end keeps the duration `keep`."""
        start = timezone.make_aware(
            datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        )
        minutes = self.cleaned_data.get("minutes")
        return start, start + (datetime.timedelta(minutes=minutes) if minutes else keep)


WEEKDAYS = (
    ("1", pgettext_lazy("working day", "Monday")),
    ("2", pgettext_lazy("working day", "Tuesday")),
    ("3", pgettext_lazy("working day", "Wednesday")),
    ("4", pgettext_lazy("working day", "Thursday")),
    ("5", pgettext_lazy("working day", "Friday")),
    ("6", pgettext_lazy("working day", "Saturday")),
    ("7", pgettext_lazy("working day", "Sunday")),
)


class ClinicHoursForm(forms.ModelForm[ClinicHours]):
    """The clinic's working hours, which the calendar's grid shows."""

    working_days = forms.MultipleChoiceField(
        label=gettext_lazy("Working days"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ClinicHours
        fields = ("opens", "closes")
        widgets = {  # noqa: RUF012 - Django's Meta
            "opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["working_days"].initial = list(self.instance.days)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens is not None and closes is not None and closes <= opens:
            raise forms.ValidationError(gettext("The clinic must close after it opens."))
        return cleaned

    def days(self) -> str:
        """The working days as the model keeps them: ISO weekday digits, "123456"."""
        return "".join(sorted(self.cleaned_data["working_days"]))
