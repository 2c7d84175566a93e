"""Patient documents (handouts, quotes, course summaries) as HTML for the screen and as PDF,
from one template, in the patient's language, with the clinic's letterhead on every page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from mesodesk.documents.letterhead import Letterhead, Paper, PatientLine

# PDF/A-3a: archivable, and tagged (headings, lists, tables) for screen readers.
PDF_VARIANT = "pdf/a-3a"


@dataclass(frozen=True)
class Page:
    """Everything a document shares whatever it says."""

    letterhead: Letterhead
    patient: PatientLine
    language: str
    paper: Paper
    version: str
    issued_at: datetime.datetime


def _css_string(text: str) -> SafeString:
    # Inside <style> entities are not decoded, so the text is escaped for CSS, not for HTML.
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return mark_safe(escaped)  # noqa: S308 - escaped for a CSS string just above


def footer_day(issued: datetime.datetime) -> str:
    """The day and time a document was made, in the active language's own short date format
    (24.11.2026 in German, 24/11/2026 in French, 11/24/2026 in English) and the 24-hour clock."""
    return f"{formats.date_format(issued, 'SHORT_DATE_FORMAT')} {issued:%H:%M}"


def render_document(
    template: str, *, page: Page, facts: Any, screen: bool = False, back_url: str = "", style_nonce: str = ""
) -> str:
    with translation.override(page.language):
        issued = timezone.localtime(page.issued_at)
        footer = pgettext(
            "footer of every page of a patient document", "Version %(version)s, made %(day)s"
        ) % {"version": page.version, "day": footer_day(issued)}
        context = {
            "facts": facts,
            "patient": page.patient,
            "letterhead": page.letterhead,
            "language": page.language,
            "paper": page.paper.value,
            "footer": _css_string(footer),
            "issued_on": issued.date(),
            # The formats themselves are translated: "Dienstag, 24. November 2026, 14:30".
            "when_format": pgettext(
                "Django date format: a day and a time on a patient document", "l j F Y, H:i"
            ),
            "day_format": pgettext("Django date format: a day on a patient document", "l j F Y"),
            "screen": screen,
            "back_url": back_url,
            "style_nonce": style_nonce,
        }
        return render_to_string(template, context)


def document_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only PDF work needs.
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    return pdf
