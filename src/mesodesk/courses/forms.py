from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from mesodesk.courses.models import ClinicProtocol, CourseSession, SessionStatus
from mesodesk.courses.services import session_day
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.reference.labels import kb_label


class CourseForm(forms.Form):
    indication = forms.ChoiceField(label=gettext_lazy("Indication"))
    protocol = forms.ChoiceField(label=gettext_lazy("Protocol"))
    formulation = forms.ChoiceField(label=gettext_lazy("Formulation"), required=False)
    start = forms.DateField(
        label=gettext_lazy("First session"), widget=forms.DateInput(attrs={"type": "date"})
    )


def course_form(data: Any, *, clinic_id: int, initial: dict[str, Any] | None = None) -> CourseForm:
    """Choices by their names in the reader's language; the values stay the knowledge base's codes."""
    kb = load_knowledge()
    form = CourseForm(data, initial=initial)
    form.fields["indication"].choices = [  # type: ignore[attr-defined]
        (i.code, kb_label("indications", i.code)) for i in kb.indications if i.treat
    ]
    own = [
        (p.code, gettext("%(name)s (this clinic: %(note)s)") % {"name": p.name, "note": p.source_note})
        for p in ClinicProtocol.objects.filter(clinic_id=clinic_id)
    ]
    form.fields["protocol"].choices = [  # type: ignore[attr-defined]
        *(
            (
                p.code,
                gettext("%(name)s (source %(sources)s)")
                % {"name": kb_label("protocols", p.code), "sources": ", ".join(s[:3] for s in p.sources)},
            )
            for p in kb.protocols
        ),
        *own,
    ]
    form.fields["formulation"].choices = [  # type: ignore[attr-defined]
        ("", gettext("None chosen")),
        *((f.code, kb_label("formulations", f.code)) for f in kb.formulations),
    ]
    return form


class SessionRecordForm(forms.Form):
    status = forms.ChoiceField(label=pgettext_lazy("of a session", "Status"), choices=SessionStatus.choices)
    bruising = forms.BooleanField(label=gettext_lazy("Bruising after the session"), required=False)
    bruising_resolved_on = forms.DateField(
        label=gettext_lazy("Bruising resolved on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # The session's day (courses.services.session_day): bruising never resolves before it.
    held_on: datetime.date | None = None

    def clean_bruising_resolved_on(self) -> datetime.date | None:
        resolved: datetime.date | None = self.cleaned_data.get("bruising_resolved_on")
        if resolved is not None and self.held_on is not None and resolved < self.held_on:
            raise forms.ValidationError(
                gettext("Bruising cannot resolve before the session, on %(day)s.")
                % {"day": formats.date_format(self.held_on, "SHORT_DATE_FORMAT")}
            )
        return resolved


def session_record_form(session: CourseSession, data: Any = None) -> SessionRecordForm:
    form = SessionRecordForm(
        data,
        prefix=f"s{session.number}",
        initial={
            "status": session.status,
            "bruising": session.bruising,
            "bruising_resolved_on": session.bruising_resolved_on,
        },
    )
    form.held_on = session_day(session)
    return form
