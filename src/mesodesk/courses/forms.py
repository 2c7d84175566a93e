from __future__ import annotations

from typing import Any

from django import forms

from mesodesk.courses.models import ClinicProtocol, CourseSession, SessionStatus
from mesodesk.knowledge.loader import load_knowledge


class CourseForm(forms.Form):
    indication = forms.ChoiceField(label="Indication")
    protocol = forms.ChoiceField(label="Protocol")
    formulation = forms.ChoiceField(label="Formulation", required=False)
    start = forms.DateField(label="First session", widget=forms.DateInput(attrs={"type": "date"}))


def course_form(data: Any, *, clinic_id: int, initial: dict[str, Any] | None = None) -> CourseForm:
    kb = load_knowledge()
    form = CourseForm(data, initial=initial)
    form.fields["indication"].choices = [(i.code, i.name) for i in kb.indications if i.treat]  # type: ignore[attr-defined]
    own = [
        (p.code, f"{p.name} (this clinic: {p.source_note})")
        for p in ClinicProtocol.objects.filter(clinic_id=clinic_id)
    ]
    form.fields["protocol"].choices = [  # type: ignore[attr-defined]
        *((p.code, f"{p.name} (source {', '.join(s[:3] for s in p.sources)})") for p in kb.protocols),
        *own,
    ]
    form.fields["formulation"].choices = [("", "None chosen"), *((f.code, f.name) for f in kb.formulations)]  # type: ignore[attr-defined]
    return form


class SessionRecordForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=SessionStatus.choices)
    bruising = forms.BooleanField(label="Bruising after the session", required=False)
    bruising_resolved_on = forms.DateField(
        label="Bruising resolved on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def session_record_form(session: CourseSession, data: Any = None) -> SessionRecordForm:
    return SessionRecordForm(
        data,
        prefix=f"s{session.number}",
        initial={
            "status": session.status,
            "bruising": session.bruising,
            "bruising_resolved_on": session.bruising_resolved_on,
        },
    )
