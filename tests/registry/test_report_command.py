"""`mesodesk report registry`: the report as a file, a progress bar on stderr; and the same
report again from the pseudonymized dataset written by `report registry-dataset`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_scopes import scopes_disabled

from mesodesk.accounts.models import AuditEvent, Network
from mesodesk.courses.models import Course
from mesodesk.registry.services import registry_report_for_network
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


def test_with_a_dataset_directory_the_pages_read_the_last_dataset_written(
    registry_network: Generated, network: Network, tmp_path: Path
) -> None:
    with override_settings(REGISTRY_DATASET_DIR=tmp_path):
        call_command("report", "registry-dataset")
        assert (tmp_path / f"network-{network.pk}" / "course_years.parquet").exists()
        with scopes_disabled():
            Course.objects.filter(clinic__network=network).delete()
        # The database lost its courses; the report reads the dataset, until it is written again.
        kept = registry_report_for_network(network_id=network.pk, year=REPORT_YEAR)
        call_command("report", "registry-dataset")
        refreshed = registry_report_for_network(network_id=network.pk, year=REPORT_YEAR)
    assert kept.overview.patients == 2 * (HAIR + SKIN + FEW)
    assert refreshed.overview.patients == 0
    assert not (tmp_path / f"network-{network.pk}.new").exists()


def test_the_worker_refreshes_every_networks_dataset_each_day_once_a_directory_is_set(
    registry_network: Generated, network: Network, tmp_path: Path
) -> None:
    """Without a refresh, pages over a configured directory read a dataset that only ever
    grows older; the worker's daily task writes it, and queues its next run only once."""
    from django_tasks_db.models import DBTaskResult

    from mesodesk.registry.tasks import registry_datasets_schedule, registry_datasets_task

    assert registry_datasets_schedule() is False  # no directory: nothing to refresh
    with override_settings(REGISTRY_DATASET_DIR=tmp_path):
        assert registry_datasets_schedule() is True
        assert registry_datasets_schedule() is False
        DBTaskResult.objects.all().delete()
        assert registry_datasets_task.call() == f"{Network.objects.count()} network datasets written"
        assert (tmp_path / f"network-{network.pk}" / "course_years.parquet").exists()
        assert registry_network_report(network).overview.patients == 2 * (HAIR + SKIN + FEW)
        waiting = DBTaskResult.objects.filter(task_path__endswith="registry_datasets_task")
        assert waiting.count() == 1  # the next day's run


def registry_network_report(network: Network) -> object:
    return registry_report_for_network(network_id=network.pk, year=REPORT_YEAR)
