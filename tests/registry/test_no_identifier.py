"""The registry holds no direct identifier: every cell of every export (HTML, PDF, CSV,
Parquet, the API's JSON, the page, and the pseudonymized dataset's own Parquet files) is
searched for the generated patients' names, e-mails, phone numbers and dates of birth."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import duckdb
import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from mesodesk.accounts.models import Network
from mesodesk.registry.exports import report_export
from mesodesk.registry.services import FORMATS, registry_report_for_network
from tests.conftest import signed_in
from tests.registry.conftest import REPORT_YEAR, Generated

pytestmark = pytest.mark.django_db


def _parquet_cells(path: Path | str) -> list[str]:
    rows = duckdb.connect().execute("SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    return [str(cell) for row in rows for cell in row]


def _text_of(output: str, content: bytes, tmp_path: Path) -> str:
    if output == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    if output == "parquet":
        path = tmp_path / "report.parquet"
        path.write_bytes(content)
        return "\n".join(_parquet_cells(path))
    return content.decode("utf-8")


def _assert_none_of(identifiers: list[str], text: str, what: str) -> None:
    assert identifiers, "the generator made no identifier to look for"
    found = [identifier for identifier in identifiers if identifier.lower() in text.lower()]
    assert not found, f"{what} shows {found[:5]}"


@pytest.mark.parametrize("output", FORMATS)
def test_no_export_names_a_patient(
    registry_network: Generated, network: Network, output: str, tmp_path: Path
) -> None:
    report = registry_report_for_network(network_id=network.pk, year=REPORT_YEAR)
    text = _text_of(output, report_export(report, network.name, output), tmp_path)
    assert "hair" in text.lower() or "Hair" in text  # the export holds the report, not nothing
    _assert_none_of(registry_network.identifiers(), text, output)


def test_the_pseudonymized_dataset_names_no_patient(registry_network: Generated, tmp_path: Path) -> None:
    call_command("report", "registry-dataset", "--output", str(tmp_path / "dataset"))
    files = sorted((tmp_path / "dataset").glob("*.parquet"))
    assert {f.stem for f in files} >= {"patients", "courses", "sessions", "responses", "adverse_events"}
    for path in files:
        cells = _parquet_cells(path)
        _assert_none_of(registry_network.identifiers(), "\n".join(cells), path.name)
    # Dates are months: no column holds a day.
    columns = (
        duckdb.connect()
        .execute(
            "SELECT DISTINCT column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))",
            [str(tmp_path / "dataset" / "responses.parquet")],
        )
        .fetchall()
    )
    assert ("DATE",) not in columns and ("TIMESTAMP",) not in columns


def test_the_page_and_the_api_name_no_patient(client: Client, registry_network: Generated, nina: Any) -> None:
    signed_in(client, nina)
    page = client.get(f"/registry/?year={REPORT_YEAR}")
    answer = client.get(f"/api/v1/registry/report?year={REPORT_YEAR}")
    assert page.status_code == answer.status_code == 200
    _assert_none_of(registry_network.identifiers(), page.content.decode(), "the page")
    _assert_none_of(registry_network.identifiers(), answer.content.decode(), "the API")
