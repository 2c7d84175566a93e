from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mesodesk.documents.handout import HandoutKind
from mesodesk.documents.letterhead import Paper
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.reference.labels import kb_label

PAPERS = [(Paper.A4.value, _("A4")), (Paper.LETTER.value, _("US Letter"))]
OUTPUTS = [("html", _("Show to print")), ("pdf", _("PDF")), ("email", _("E-mail to the patient"))]


def _indications() -> list[tuple[str, str]]:
    return [(i.code, kb_label("indications", i.code)) for i in load_knowledge().indications if i.treat]


def _techniques() -> list[tuple[str, str]]:
    return [(t.code, kb_label("techniques", t.code)) for t in load_knowledge().techniques]


class DocumentOutputForm(forms.Form):
    """How a document leaves the clinic: the paper size, and shown, as PDF, or e-mailed."""

    paper = forms.ChoiceField(label=_("Paper"), choices=PAPERS, initial=Paper.A4.value)
    output = forms.ChoiceField(choices=OUTPUTS, widget=forms.HiddenInput, initial="html")


class HandoutForm(DocumentOutputForm):
    kind = forms.ChoiceField(
        label=_("Handout"),
        choices=[
            (HandoutKind.PRE_CARE.value, _("Before the session")),
            (HandoutKind.AFTER_CARE.value, _("After the session")),
        ],
    )
    # Callables: named in the reader's language each time the form is shown, never by code.
    indication = forms.ChoiceField(label=_("Indication"), choices=_indications)
    technique = forms.ChoiceField(label=_("Technique"), choices=_techniques)
    session_at = forms.DateTimeField(
        label=_("Session (date and time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
