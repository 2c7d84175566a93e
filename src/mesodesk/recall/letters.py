"""One PDF of letters, one per patient, each in the patient's own language, on the clinic's
letterhead: which product and lot, the session's day, and to contact the clinic. It states
no medical fact: what the lot did, if anything, is for the clinic to tell the patient."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from mesodesk.accounts.models import Clinic
from mesodesk.documents.letterhead import Letterhead
from mesodesk.documents.render import document_pdf
from mesodesk.recall.selectors import RecallRow

LANGUAGES = ("en", "fr", "de")


@dataclass(frozen=True)
class Letter:
    language: str
    given_name: str
    family_name: str
    pseudonym: str
    received: tuple[tuple[str, str, str], ...]  # (session day, product, lot number)


def letters_of(rows: Sequence[RecallRow]) -> list[Letter]:
    """One letter per patient, listing each session and lot once, in the order of the rows."""
    by_patient: dict[int, list[RecallRow]] = {}
    for row in rows:
        by_patient.setdefault(row.patient_id, []).append(row)
    letters = []
    for patient_rows in by_patient.values():
        first = patient_rows[0]
        received = tuple(dict.fromkeys((r.session_on, r.product, r.lot_number) for r in patient_rows))
        language = first.language if first.language in LANGUAGES else "en"
        letters.append(Letter(language, first.given_name, first.family_name, first.pseudonym, received))
    return letters


def letters_pdf(*, clinic: Clinic, rows: Sequence[RecallRow]) -> bytes:
    letterhead = Letterhead(clinic_name=clinic.name, address=clinic.address, logo=bytes(clinic.logo or b""))
    bodies = []
    for letter in letters_of(rows):
        with translation.override(letter.language):
            bodies.append(
                render_to_string(
                    "recall/letter.html",
                    {"letter": letter, "letterhead": letterhead, "today": timezone.localdate()},
                )
            )
    html = render_to_string(
        "recall/letters.html",
        {
            "letterhead": letterhead,
            "language": translation.get_language(),
            "paper": "A4",
            "footer": "",
            "bodies": [mark_safe(body) for body in bodies],  # noqa: S308 - rendered by templates above
        },
    )
    return document_pdf(html)
