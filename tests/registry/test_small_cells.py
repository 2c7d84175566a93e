"""A cell resting on fewer than five patients reads <5 in every format: the cellulite row
(two patients in the network) and the swelling (one patient per clinic) are the small
cells of the generated network; the hair-loss row (twelve patients) is not."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import duckdb
import pytest
from django.test import Client
from pypdf import PdfReader

from mesodesk.accounts.models import Network
from mesodesk.registry.exports import report_export
from mesodesk.registry.services import registry_report_for_network
from tests.conftest import signed_in
from tests.registry.conftest import FEW, HAIR, REPORT_YEAR, Generated

pytestmark = pytest.mark.django_db


@pytest.fixture
def exports(registry_network: Generated, network: Network) -> dict[str, bytes]:
    report = registry_report_for_network(network_id=network.pk, year=REPORT_YEAR)
    return {
        output: report_export(report, network.name, output) for output in ("html", "pdf", "csv", "parquet")
    }


def _rows(exports: dict[str, bytes], output: str, tmp_path: Path) -> list[dict[str, str]]:
    if output == "csv":
        return list(csv.DictReader(io.StringIO(exports["csv"].decode())))
    path = tmp_path / "report.parquet"
    path.write_bytes(exports["parquet"])
    cursor = duckdb.connect().execute("SELECT * FROM read_parquet(?)", [str(path)])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.mark.parametrize("output", ["csv", "parquet"])
def test_the_tables_show_small_cells_as_under_five(
    exports: dict[str, bytes], output: str, tmp_path: Path
) -> None:
    rows = _rows(exports, output, tmp_path)
    cellulite = [r for r in rows if r["section"] == "patients" and r["indication"] == "cellulite"]
    swelling = [r for r in rows if r["section"] == "adverse_events" and r["category"] == "swelling"]
    hair = [r for r in rows if r["section"] == "patients" and r["indication"] == "hair_loss"]
    assert cellulite and swelling
    assert {r["value"] for r in cellulite} == {"<5"}
    assert {r["value"] for r in swelling} == {"<5"}
    assert {r["value"] for r in hair} == {str(2 * HAIR)}


def test_the_html_and_the_pdf_show_under_five_where_the_cell_is_small(exports: dict[str, bytes]) -> None:
    html = exports["html"].decode()
    pdf = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(exports["pdf"])).pages)
    for text, under_five in ((html, "&lt;5"), (pdf, "<5")):
        cellulite = next(line for line in text.splitlines() if "ellulite" in line)
        assert under_five in cellulite
        assert str(2 * FEW) not in cellulite.replace(under_five, "")


def test_the_api_shows_under_five_too(client: Client, registry_network: Generated, nina: Any) -> None:
    signed_in(client, nina)
    body = client.get(f"/api/v1/registry/report?year={REPORT_YEAR}").json()
    cellulite = [row for row in body["patients"] if row["indication"] == "cellulite"]
    swelling = next(row for row in body["adverse_events"] if row["kind"] == "swelling")
    assert {row["patients"] for row in cellulite} == {"<5"}
    assert (swelling["events"], swelling["patients"], swelling["per_1000_sessions"]) == ("<5", "<5", "<5")
