"""Issue 14: in the CSV and Parquet exports a total row (every indication, every formulation
of an indication, every kind of adverse event) reads differently from a "none recorded" row.
Parquet writes NULL for a total and "" for none recorded (as the API writes null and "");
the CSV, where a spreadsheet shows NULL and "" alike as an empty cell, writes TOTAL ("(all)")."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest

from mesodesk.registry.exports import report_export
from mesodesk.registry.report import (
    ALL,
    TOTAL,
    AdverseRow,
    Cell,
    Overview,
    PatientsRow,
    RegistryReport,
    SatisfactionRow,
)

pytestmark = pytest.mark.django_db


def _report() -> RegistryReport:
    # 17 cellulite patients, none with a formulation recorded: its total and its "none
    # recorded" row hold the same count; 5 answered about no course named.
    counts: dict[str, Cell] = {"less_satisfied": 0, "satisfied": 0, "very_satisfied": 5}
    return RegistryReport(
        2025,
        Overview(1, 17, 17, 60),
        patients=[
            PatientsRow(ALL, None, 17),
            PatientsRow("cellulite", None, 17),
            PatientsRow("cellulite", "", 17),
        ],
        satisfaction=[SatisfactionRow("", 5, counts, {"less_satisfied": 0.0, "satisfied": 0.0,
                                                      "very_satisfied": 100.0})],
        adverse_events=[AdverseRow(ALL, 6, 6, 0, 100.0), AdverseRow("bruising", 6, 6, 0, 100.0)],
    )  # fmt: skip


def _rows(output: str, tmp_path: Path) -> list[dict[str, str | None]]:
    data = report_export(_report(), "Network", output)
    if output == "csv":
        return list(csv.DictReader(io.StringIO(data.decode())))
    path = tmp_path / "report.parquet"
    path.write_bytes(data)
    cursor = duckdb.connect().execute("SELECT * FROM read_parquet(?)", [str(path)])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.mark.parametrize(("output", "every"), [("csv", TOTAL), ("parquet", None)])
def test_a_total_row_reads_apart_from_none_recorded(output: str, every: str | None, tmp_path: Path) -> None:
    rows = _rows(output, tmp_path)
    patients = [(r["indication"], r["formulation"], r["value"]) for r in rows if r["section"] == "patients"]
    assert patients == [(every, every, "17"), ("cellulite", every, "17"), ("cellulite", "", "17")]
    assert len(set(patients)) == 3
    kinds = {r["category"] for r in rows if r["section"] == "adverse_events"}
    assert kinds == {every, "bruising"}
    # Answers about no course named are "none recorded", not a total.
    assert {r["indication"] for r in rows if r["section"] == "satisfaction"} == {""}
