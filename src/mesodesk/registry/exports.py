"""The report in each format: HTML (the page, and a standalone document), PDF (WeasyPrint,
documents.render), CSV and Parquet (DuckDB). Every format is made from the same
RegistryReport, whose small cells are already suppressed (registry.report)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mesodesk.documents.letterhead import Letterhead
from mesodesk.documents.render import document_pdf
from mesodesk.outcomes.labels import CATEGORIES, NAMES
from mesodesk.reference.labels import kb_label
from mesodesk.registry.report import (
    ALL,
    SATISFACTION_LEVELS,
    TOTAL,
    Cell,
    RegistryReport,
    long_rows,
)
from mesodesk.safety.kinds import kind_label

QUARTILE_MEASURES = ("patients", "q1", "median", "q3")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}


@dataclass(frozen=True)
class Labelled:
    """A row as a person reads it: its labels in the reader's language, then its cells."""

    labels: tuple[str, ...]
    cells: tuple[Cell, ...]


def _indication(code: str) -> str:
    return translation.gettext("All indications") if code == ALL else kb_label("indications", code)


def report_context(report: RegistryReport, network_name: str) -> dict[str, Any]:
    """The report's rows with their labels, for the page and the documents."""
    _ = translation.gettext
    patients = [
        Labelled(
            (_indication(r.indication),
             _("All formulations") if r.formulation is None else (kb_label("formulations", r.formulation)
                                                                  if r.formulation else _("None recorded"))),
            (r.patients,),
        )
        for r in report.patients
    ]  # fmt: skip
    satisfaction = [
        Labelled(
            (_indication(s.indication) if s.indication else _("No course named"),),
            (s.patients, *(c for level in SATISFACTION_LEVELS for c in (s.counts[level], s.percent[level]))),
        )
        for s in report.satisfaction
    ]
    outcomes = [
        Labelled(
            (str(NAMES.get(o.instrument, o.instrument)),
             _indication(o.indication) if o.indication else _("No course named")),
            tuple(getattr(q, m) for q in (o.baseline, o.end, o.change) for m in QUARTILE_MEASURES),
        )
        for o in report.outcomes
    ]  # fmt: skip
    adverse = [
        Labelled(
            (_("All kinds") if a.kind == ALL else kind_label(a.kind),),
            (a.events, a.patients, a.serious, a.per_1000_sessions),
        )
        for a in report.adverse_events
    ]
    return {
        "report": report,
        "network_name": network_name,
        "levels": [CATEGORIES[level] for level in SATISFACTION_LEVELS],
        "patients_rows": patients,
        "satisfaction_rows": satisfaction,
        "outcome_rows": outcomes,
        "adverse_rows": adverse,
        "made_on": timezone.localdate(),
    }


def report_html(report: RegistryReport, network_name: str) -> str:
    """The standalone document (no site navigation): the HTML export and the PDF's source."""
    return render_to_string(
        "registry/report_document.html",
        {
            **report_context(report, network_name),
            "letterhead": Letterhead(clinic_name=network_name, address=""),
            "language": translation.get_language() or "en",
            "paper": "A4",
            "footer": "",
        },
    )


def report_pdf(report: RegistryReport, network_name: str) -> bytes:
    return document_pdf(report_html(report, network_name))


def _inert(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets an apostrophe first (as recall's CSV);
    a negative number stays a number."""
    if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and not cell[1:2].isdigit()):
        return "'" + cell
    return cell


def _cell(cell: str | None, output: str) -> str | None:
    """A total (None) stays NULL in Parquet and reads TOTAL in the CSV, apart from "" (none recorded)."""
    if cell is None:
        return TOTAL if output == "csv" else None
    return _inert(cell)


def report_table(report: RegistryReport, output: str) -> bytes:
    """CSV or Parquet of the report's long table (registry.report.LONG_COLUMNS), by DuckDB."""
    con = duckdb.connect(":memory:")
    try:
        # The columns of registry.report.LONG_COLUMNS, every cell text ("<5" is a value too); a
        # total's indication, formulation or kind is NULL in Parquet and TOTAL in the CSV.
        con.execute(
            "CREATE TABLE report (section VARCHAR, indication VARCHAR, formulation VARCHAR, "
            "instrument VARCHAR, category VARCHAR, measure VARCHAR, value VARCHAR)"
        )
        con.executemany(
            "INSERT INTO report VALUES (?, ?, ?, ?, ?, ?, ?)",
            [tuple(_cell(cell, output) for cell in row) for row in long_rows(report)],
        )
        with tempfile.TemporaryDirectory(prefix="mesodesk-registry-") as directory:
            path = Path(directory) / f"report.{output}"
            if output == "csv":
                con.table("report").write_csv(str(path), header=True)
            else:
                con.table("report").write_parquet(str(path))
            return path.read_bytes()
    finally:
        con.close()


def report_export(report: RegistryReport, network_name: str, output: str) -> bytes:
    if output == "html":
        return report_html(report, network_name).encode()
    if output == "pdf":
        return report_pdf(report, network_name)
    if output in ("csv", "parquet"):
        return report_table(report, output)
    raise ValueError(f"unknown format {output!r}")
