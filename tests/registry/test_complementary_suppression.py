"""The generated network's adverse events leaked by subtraction: every kind together had 16
events, bruising 12, so the small swelling row (<5) was 16 - 12 = 4. Bruising's row is now
hidden too (x), in every format, and the total no longer gives swelling's count."""

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
from mesodesk.registry.report import ALL, TOTAL
from mesodesk.registry.services import registry_report_for_network
from tests.conftest import signed_in
from tests.registry.conftest import REPORT_YEAR, Generated

pytestmark = pytest.mark.django_db

MEASURES = ("events", "patients", "serious", "per_1000_sessions")


@pytest.fixture
def exports(registry_network: Generated, network: Network) -> dict[str, bytes]:
    report = registry_report_for_network(network_id=network.pk, year=REPORT_YEAR)
    return {
        output: report_export(report, network.name, output) for output in ("html", "pdf", "csv", "parquet")
    }


def _adverse(exports: dict[str, bytes], output: str, tmp_path: Path) -> dict[str, dict[str, str]]:
    if output == "csv":
        rows = list(csv.DictReader(io.StringIO(exports["csv"].decode())))
    else:
        path = tmp_path / "report.parquet"
        path.write_bytes(exports["parquet"])
        cursor = duckdb.connect().execute("SELECT * FROM read_parquet(?)", [str(path)])
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    by_kind: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["section"] == "adverse_events":
            # Every kind's row: TOTAL in the CSV, NULL in Parquet.
            kind = ALL if row["category"] in (TOTAL, None) else row["category"]
            by_kind.setdefault(kind, {})[row["measure"]] = row["value"]
    return by_kind


def test_the_generated_network_would_leak_by_subtraction(registry_network: Generated) -> None:
    # The case itself: the total minus bruising is swelling's small count.
    total = sum(registry_network.event_count.values())
    assert total - registry_network.event_count["bruising"] == registry_network.event_count["swelling"] < 5


@pytest.mark.parametrize("output", ["csv", "parquet"])
def test_the_tables_hide_the_row_that_gave_the_small_one_away(
    exports: dict[str, bytes], output: str, tmp_path: Path
) -> None:
    by_kind = _adverse(exports, output, tmp_path)
    assert by_kind[ALL]["events"] == "16"
    assert [by_kind["swelling"][m] for m in MEASURES] == ["<5"] * 4
    assert [by_kind["bruising"][m] for m in MEASURES] == ["x"] * 4


def test_the_html_and_the_pdf_hide_it_too_and_say_why(exports: dict[str, bytes]) -> None:
    html = exports["html"].decode()
    pdf = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(exports["pdf"])).pages)
    for text, under_five in ((html, "&lt;5"), (pdf, "<5")):
        bruising = next(line for line in text.splitlines() if "ruising" in line)
        # The swelling label may wrap in the PDF: its cells follow it.
        assert under_five in text[text.rindex("welling") :]
        assert "12" not in bruising
        assert bruising.count("x") >= 4
        assert "hidden so that a small cell cannot be worked out" in " ".join(text.split())


def test_the_api_hides_it_too(client: Client, registry_network: Generated, nina: Any) -> None:
    signed_in(client, nina)
    body = client.get(f"/api/v1/registry/report?year={REPORT_YEAR}").json()
    bruising = next(row for row in body["adverse_events"] if row["kind"] == "bruising")
    assert [bruising[m] for m in MEASURES] == ["x"] * 4
