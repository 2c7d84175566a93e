"""A session record as paper: the body map of each view charted, with its numbered points
drawn on the server (SVG), the table of injections, the syringes and their lots, and the
amendments in sequence. Rendered through documents.render, so the print view and the PDF
are the same page on the clinic's letterhead."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone, translation

from mesodesk.charting.bodymap import VIEW_BY_CODE, View
from mesodesk.charting.findings import mark_region
from mesodesk.charting.models import Amendment, NappageArea, PerfusionSite, SessionRecord, Syringe
from mesodesk.charting.selectors import Mark, amendments_of, mark_volume, marks_of, syringes_of
from mesodesk.documents.letterhead import Paper, PatientLine
from mesodesk.documents.render import Page, render_document
from mesodesk.patients.documents import letterhead_of

TEMPLATE = "charting/record_print.html"


@dataclass(frozen=True)
class MarkShown:
    number: int
    mark: Mark
    kind: str  # "point", "area" or "site"
    where: str
    cy: float  # the point's height on a picture whose width is 100

    @property
    def polygon_points(self) -> str:
        if not isinstance(self.mark, NappageArea):
            return ""
        scale = VIEW_BY_CODE[self.mark.view].y_scale
        return " ".join(f"{float(x):g},{float(y) * scale:g}" for x, y in self.mark.polygon)


@dataclass(frozen=True)
class MapShown:
    view: View
    marks: list[MarkShown]


@dataclass(frozen=True)
class RecordFacts:
    record: SessionRecord
    maps: list[MapShown]
    marks: list[MarkShown]
    syringes: list[Syringe]
    amendments: list[Amendment]
    volume_ml: Decimal


def _kind(mark: Mark) -> str:
    if isinstance(mark, NappageArea):
        return "area"
    return "site" if isinstance(mark, PerfusionSite) else "point"


def shown_marks(marks: list[Mark]) -> list[MarkShown]:
    return [
        MarkShown(n, m, _kind(m), mark_region(m), getattr(m, "y", 0.0) * VIEW_BY_CODE[m.view].y_scale)
        for n, m in enumerate(marks, start=1)
    ]


def maps_of(marks: list[MarkShown]) -> list[MapShown]:
    """One map per view charted, in the body map's order of views."""
    by_view: dict[str, list[MarkShown]] = {}
    for m in marks:
        by_view.setdefault(m.mark.view, []).append(m)
    return [MapShown(view, by_view[code]) for code, view in VIEW_BY_CODE.items() if code in by_view]


def record_facts(record: SessionRecord) -> RecordFacts:
    marks = shown_marks(marks_of(record))
    return RecordFacts(
        record=record,
        maps=maps_of(marks),
        marks=marks,
        syringes=syringes_of(record),
        amendments=list(amendments_of(record)),
        volume_ml=sum((mark_volume(m.mark) for m in marks), start=Decimal(0)),
    )


def record_page(record: SessionRecord, facts: RecordFacts, *, paper: Paper = Paper.A4) -> Page:
    """The record's page in the reader's language (a clinical record is the staff's, not a
    handout): version 1 as signed, one more for each amendment."""
    patient = record.patient
    return Page(
        letterhead=letterhead_of(patient.clinic),
        patient=PatientLine(
            family_name=patient.family_name,
            given_name=patient.given_name,
            date_of_birth=patient.date_of_birth,
            pseudonym=patient.pseudonym,
        ),  # fmt: skip
        language=translation.get_language() or "en",
        paper=paper,
        version=str(1 + len(facts.amendments)),
        issued_at=timezone.now(),
    )


def record_html(
    record: SessionRecord, *, screen: bool = False, back_url: str = "", style_nonce: str = ""
) -> str:
    facts = record_facts(record)
    return render_document(
        TEMPLATE, page=record_page(record, facts), facts=facts, screen=screen, back_url=back_url,
        style_nonce=style_nonce,
    )  # fmt: skip
