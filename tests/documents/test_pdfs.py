"""Each document in each language as the patient gets it: a PDF that opens, whose text holds
the patient's name, the dates and the instructions' numbers in that language, with the
clinic's letterhead on every page, on A4 or Letter, archivable (PDF/A) and tagged."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from mesodesk.documents.course_documents import CourseDocumentKind, CourseFacts, Prices, SessionLine
from mesodesk.documents.handout import HandoutKind, handout_facts
from mesodesk.documents.letterhead import Letterhead, Paper, PatientLine
from mesodesk.documents.render import Page, document_pdf, render_document

PARIS = ZoneInfo("Europe/Paris")
SESSION = datetime.datetime(2026, 11, 24, 14, 30, tzinfo=PARIS)  # a Tuesday
LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><circle cx="10" cy="10" r="9"/></svg>'
LETTERHEAD = Letterhead(clinic_name="Cabinet Bellecour", address="3 place Bellecour\n69002 Lyon", logo=LOGO)
PATIENT = PatientLine(
    family_name="Lefèvre",
    given_name="Amélie",
    date_of_birth=datetime.date(1984, 3, 9),
    pseudonym="P-7K2M9QXA",
)

# The after-care limits' ends, as each language writes them (12 and 72 hours after Tuesday 14:30).
AFTER_CARE = {
    "en": ("12 hours", "72 hours", "Wednesday 25 November 2026, 02:30", "Friday 27 November 2026, 14:30"),
    "fr": ("12 heures", "72 heures", "mercredi 25 novembre 2026, 02:30", "vendredi 27 novembre 2026, 14:30"),
    "de": (
        "12 Stunden",
        "72 Stunden",
        "Mittwoch, 25. November 2026, 02:30",
        "Freitag, 27. November 2026, 14:30",
    ),
}
# 48 hours before Tuesday 14:30.
PRE_CARE = {
    "en": ("48 hours", "Sunday 22 November 2026, 14:30"),
    "fr": ("48 heures", "dimanche 22 novembre 2026, 14:30"),
    "de": ("48 Stunden", "Sonntag, 22. November 2026, 14:30"),
}


def page(language: str, paper: Paper = Paper.A4) -> Page:
    return Page(
        letterhead=LETTERHEAD, patient=PATIENT, language=language, paper=paper, version="1", issued_at=SESSION
    )


def pdf_text(pdf: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]


def handout_pdf(kind: HandoutKind, language: str, paper: Paper = Paper.A4) -> bytes:
    facts = handout_facts(
        kind=kind, indication="cellulite", technique="point_by_point", session_at=SESSION, language=language
    )
    return document_pdf(render_document("documents/handout.html", page=page(language, paper), facts=facts))


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_the_after_care_handout_names_the_patient_and_says_until_when(language: str) -> None:
    reader, pages = pdf_text(handout_pdf(HandoutKind.AFTER_CARE, language))
    text = " ".join(pages)
    assert "LEFÈVRE Amélie" in text
    for expected in AFTER_CARE[language]:
        assert expected in text, expected
    assert all("Cabinet Bellecour" in p for p in pages), "the clinic's name heads every page"


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_the_pre_care_handout_says_from_when_to_stop_antiplatelet_drugs(language: str) -> None:
    _, pages = pdf_text(handout_pdf(HandoutKind.PRE_CARE, language))
    text = " ".join(pages)
    assert "LEFÈVRE Amélie" in text
    for expected in PRE_CARE[language]:
        assert expected in text, expected
    assert all("3 place Bellecour" in p for p in pages), "the clinic's address heads every page"


def english_sentences() -> set[str]:
    """The English handouts' own sentences (the cited articles' titles are citations, kept as written)."""
    html = "".join(
        render_document(
            "documents/handout.html",
            page=page("en"),
            facts=handout_facts(
                kind=kind,
                indication="cellulite",
                technique="point_by_point",
                session_at=SESSION,
                language="en",
            ),
        )
        for kind in HandoutKind
    )
    # The clinic's letterhead and the articles' titles are names, the same in every language.
    text = re.sub(r"<style.*?</style>|<header.*?</header>|“[^”]*”", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", "\n", text)
    return {s.strip() for s in re.split(r"[\n.;:]", text) if len(s.strip().split()) >= 3}


@pytest.mark.parametrize("language", ["fr", "de"])
def test_a_french_or_german_handout_contains_no_english_sentence(language: str) -> None:
    sentences = english_sentences()
    assert len(sentences) > 20
    for kind in HandoutKind:
        _, pages = pdf_text(handout_pdf(kind, language))
        text = " ".join(pages)
        leaked = [s for s in sentences if re.sub(r"\s+", " ", s) in text]
        assert not leaked, leaked


def course_facts(kind: CourseDocumentKind, language: str) -> CourseFacts:
    status = {"en": ("Done", "Planned"), "fr": ("Effectuée", "Prévue"), "de": ("Durchgeführt", "Geplant")}[
        language
    ]
    return CourseFacts(
        kind=kind,
        language=language,
        protocol="Hair loss, 8 sessions",
        indication="Hair loss",
        formulation="",
        clinician="Dr Alice Morel",
        sessions=tuple(
            SessionLine(
                number=n,
                day=datetime.date(2026, 11, 3) + datetime.timedelta(weeks=n - 1),
                status=status[0] if n <= 2 else status[1],
                done=n <= 2,
            )
            for n in range(1, 5)
        ),
        prices=Prices(
            currency="EUR",
            per_session=Decimal("90.00"),
            package_sessions=4,
            package_price=Decimal("320.00"),
            sessions=4,
            packages=1,
            total=Decimal("320.00"),
        ),
    )


COURSE_WORDS = {
    "en": ("Quote", "Course summary", "Tuesday 3 November 2026", "2 sessions of 4 done", "320.00 EUR"),
    "fr": (
        "Devis",
        "Récapitulatif de la cure",
        "mardi 3 novembre 2026",
        "2 séances sur 4 effectuées",
        "320,00 EUR",
    ),
    "de": (
        "Kostenvoranschlag",
        "Zusammenfassung der Behandlungsserie",
        "Dienstag, 3. November 2026",
        "2 von 4 Sitzungen",
        "320,00 EUR",
    ),
}


@pytest.mark.parametrize("language", ["en", "fr", "de"])
@pytest.mark.parametrize("kind", list(CourseDocumentKind))
def test_the_quote_and_the_course_summary_state_sessions_dates_and_prices(
    language: str, kind: CourseDocumentKind
) -> None:
    html = render_document(
        "documents/course_document.html", page=page(language), facts=course_facts(kind, language)
    )
    _, pages = pdf_text(document_pdf(html))
    text = " ".join(pages)
    quote, summary, first_day, done, total = COURSE_WORDS[language]
    assert (quote if kind is CourseDocumentKind.QUOTE else summary) in text
    assert "LEFÈVRE Amélie" in text and first_day in text
    assert total in text, "the total, written as the language writes amounts"
    if kind is CourseDocumentKind.SUMMARY:
        assert done in text
    assert all("Cabinet Bellecour" in p for p in pages)


@pytest.mark.parametrize(("paper", "width_mm"), [(Paper.A4, 210), (Paper.LETTER, 215.9)])
def test_the_paper_is_a4_or_letter(paper: Paper, width_mm: float) -> None:
    reader = PdfReader(io.BytesIO(handout_pdf(HandoutKind.AFTER_CARE, "en", paper)))
    width_pt = float(reader.pages[0].mediabox.width)
    assert abs(width_pt * 25.4 / 72 - width_mm) < 1


def test_the_pdf_is_archivable_and_tagged_for_screen_readers() -> None:
    pdf = handout_pdf(HandoutKind.AFTER_CARE, "fr")
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "tagged"
    assert root["/Lang"] == "fr"
    metadata = root["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in metadata and b"pdfaid:conformance" in metadata


@pytest.mark.parametrize(
    ("language", "made"),
    [("en", "11/24/2026 14:30"), ("fr", "24/11/2026 14:30"), ("de", "24.11.2026 14:30")],
)
def test_the_footer_dates_the_document_as_its_language_writes_dates(language: str, made: str) -> None:
    facts = handout_facts(
        kind=HandoutKind.AFTER_CARE, indication="cellulite", technique="nappage",
        session_at=SESSION, language=language,
    )  # fmt: skip
    html = render_document("documents/handout.html", page=page(language), facts=facts)
    assert made in html
    assert "2026-11-24" not in html
