"""A measure nobody has reads "–" (no data), not 0: a year whose courses all lack a baseline
has no paired change, and its quartiles are not zero."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest
from pypdf import PdfReader

from mesodesk.registry.exports import report_export
from mesodesk.registry.report import (
    NO_DATA,
    OutcomeRow,
    Overview,
    Quartiles,
    RegistryReport,
    _quartiles,
)

pytestmark = pytest.mark.django_db


def test_the_quartiles_of_nobody_are_no_data() -> None:
    assert _quartiles(0, None) == Quartiles(0, None, None, None)


def test_the_quartiles_of_a_few_are_suppressed_even_without_values() -> None:
    assert _quartiles(3, None) == Quartiles("<5", "<5", "<5", "<5")


def _report() -> RegistryReport:
    # Twelve ends with quartiles 11/22/33, no baseline, so no paired change.
    return RegistryReport(
        2025,
        Overview(1, 12, 12, 40),
        outcomes=[
            OutcomeRow(
                "ffr",
                "hair_loss",
                _quartiles(0, None),
                _quartiles(12, [11.0, 22.0, 33.0]),
                _quartiles(0, None),
            )
        ],  # fmt: skip
    )


@pytest.mark.parametrize("output", ["csv", "parquet"])
def test_the_tables_show_no_data_for_the_change(output: str, tmp_path: Path) -> None:
    data = report_export(_report(), "Network", output)
    if output == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode())))
    else:
        path = tmp_path / "report.parquet"
        path.write_bytes(data)
        cursor = duckdb.connect().execute("SELECT * FROM read_parquet(?)", [str(path)])
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    change = {
        r["measure"]: r["value"] for r in rows if r["section"] == "outcomes" and r["category"] == "change"
    }
    assert change == {"patients": "0", "q1": NO_DATA, "median": NO_DATA, "q3": NO_DATA}


@pytest.mark.parametrize("output", ["html", "pdf"])
def test_the_documents_show_no_data_for_the_change(output: str) -> None:
    data = report_export(_report(), "Network", output)
    if output == "html":
        text = data.decode()
        cells = [c.split("</td>")[0] for c in text.split("<td>")[1:]]
    else:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        line = next(line for line in text.splitlines() if "22" in line)
        cells = line.split()
    # baseline: 0 – – –; end: 12 11.0 22.0 33.0; change: 0 – – –
    assert cells[-4:] == ["0", NO_DATA, NO_DATA, NO_DATA]
    assert cells[-8:-4] == ["12", "11.0", "22.0", "33.0"]
