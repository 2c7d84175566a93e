"""The recall as a spreadsheet. A cell a spreadsheet would read as a formula (= + - @, and
the tab and carriage return that some read the same way) starts with an apostrophe."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.utils.translation import gettext

from mesodesk.patients.models import Language
from mesodesk.recall.selectors import RecallRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _language(code: str) -> str:
    # A label, never the code: the person reading the sheet reads "Français", not "fr".
    return str(Language(code).label) if code in Language.values else code


def recall_csv(rows: Sequence[RecallRow], *, with_contacts: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    header = [gettext("Patient (pseudonym)")]
    if with_contacts:
        header += [
            gettext("Family name"),
            gettext("Given name"),
            gettext("Phone"),
            gettext("E-mail"),
            gettext("Language"),
        ]
    header += [
        gettext("Session date"),
        gettext("Clinician"),
        gettext("Product"),
        gettext("Lot number"),
        gettext("Volume (ml)"),
    ]
    writer.writerow(header)
    for row in rows:
        line: list[object] = [row.pseudonym]
        if with_contacts:
            line += [row.family_name, row.given_name, row.phone, row.email, _language(row.language)]
        line += [row.session_on, row.clinician, row.product, row.lot_number, row.volume_ml]
        writer.writerow([cell(value) for value in line])
    return out.getvalue()
