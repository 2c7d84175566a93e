"""`mesodesk report registry`: the report as a file, a progress bar on stderr; and the same
report again from the pseudonymized dataset written by `report registry-dataset`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from mesodesk.accounts.models import AuditEvent
from tests.registry.conftest import FEW, HAIR, REPORT_YEAR, SKIN, Generated

pytestmark = pytest.mark.django_db


def _overview(path: Path) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(path.read_text()))
    return {row["measure"]: row["value"] for row in rows if row["section"] == "overview"}


def test_the_command_writes_the_report_and_draws_its_progress(
    registry_network: Generated, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "registry.csv"
    call_command("report", "registry", "--format", "csv", "--year", str(REPORT_YEAR), "--output", str(output))
    assert _overview(output)["patients"] == str(2 * (HAIR + SKIN + FEW))
    progress = capsys.readouterr().err
    assert "[" in progress and "adverse events" in progress and f"wrote {output}" in progress
    assert AuditEvent.objects.filter(object_type="registry_report", action="export").count() == 1


def test_the_report_from_the_dataset_equals_the_report_from_the_database(
    registry_network: Generated, tmp_path: Path
) -> None:
    call_command("report", "registry-dataset", "--output", str(tmp_path / "dataset"))
    direct, over_dataset = tmp_path / "direct.csv", tmp_path / "dataset.csv"
    call_command("report", "registry", "--format", "csv", "--year", str(REPORT_YEAR), "--output", str(direct))
    call_command(
        "report", "registry", "--format", "csv", "--year", str(REPORT_YEAR), "--output", str(over_dataset),
        "--dataset", str(tmp_path / "dataset"),
    )  # fmt: skip
    assert direct.read_text() == over_dataset.read_text()


def test_the_report_speaks_the_language_asked_for(registry_network: Generated, tmp_path: Path) -> None:
    output = tmp_path / "registry.html"
    call_command("report", "registry", "--format", "html", "--year", str(REPORT_YEAR), "--output", str(output),
                 "--language", "de")  # fmt: skip
    assert "Patienten" in output.read_text()


def test_a_missing_dataset_is_named(registry_network: Generated, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--dataset"):
        call_command("report", "registry", "--dataset", str(tmp_path / "nothing"))
