"""`mesodesk report registry`: the network's yearly report as a file, with a progress bar on
stderr; and `mesodesk report registry-dataset`: the pseudonymized dataset and its aggregate
tables as Parquet files, which `report registry --dataset DIR` reads instead of the database
(a national network's way: docs/performance.md, "Network registry")."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import duckdb
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Network
from mesodesk.registry.dataset import network_dataset
from mesodesk.registry.exports import report_export
from mesodesk.registry.progress import Progress
from mesodesk.registry.report import REPORT_TABLES, registry_report
from mesodesk.registry.schema import TABLES
from mesodesk.registry.services import FORMATS, PHASES, registry_audit, registry_report_for_network


class Command(BaseCommand):
    help = "The network registry's yearly report (registry), or its pseudonymized dataset (registry-dataset)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["registry", "registry-dataset"])
        parser.add_argument("--format", choices=FORMATS, default="html")
        parser.add_argument("--year", type=int, default=None, help="the report's year (this year by default)")
        parser.add_argument("--output", default=None, help="a file (a directory for registry-dataset)")
        parser.add_argument(
            "--network", default=None, help="the network's name (needed if there are several)"
        )
        parser.add_argument("--language", choices=["en", "fr", "de"], default="en")
        parser.add_argument("--dataset", default=None, help="report over this registry-dataset directory")

    def handle(self, *args: Any, **options: Any) -> None:
        network = self._network(options["network"])
        if options["what"] == "registry-dataset":
            self._dataset(network, options["output"])
            return
        year = options["year"] or timezone.localdate().year
        progress = Progress(PHASES if options["dataset"] is None else 5, sys.stderr)
        if options["dataset"] is None:
            report = registry_report_for_network(network_id=network.pk, year=year, progress=progress)
        else:
            report = registry_report(_over(Path(options["dataset"])), year, step=progress.phase)
        progress.close()
        with translation.override(options["language"]):
            content = report_export(report, network.name, options["format"])
        registry_audit(actor=None, clinic_id=None, network_id=network.pk, year=year, output=options["format"])
        if options["output"] in (None, "-"):
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            Path(options["output"]).write_bytes(content)
            sys.stderr.write(f"wrote {options['output']}\n")

    def _network(self, name: str | None) -> Network:
        with scopes_disabled():
            networks = list(
                Network.objects.order_by("name") if name is None else Network.objects.filter(name=name)
            )
        if len(networks) != 1:
            known = ", ".join(Network.objects.order_by("name").values_list("name", flat=True)) or "none"
            raise CommandError(f"--network: give one of the networks' names ({known})")
        return networks[0]

    def _dataset(self, network: Network, output: str | None) -> None:
        if not output:
            raise CommandError("--output: give the directory to write the dataset's Parquet files to")
        directory = Path(output)
        directory.mkdir(parents=True, exist_ok=True)
        progress = Progress(len(TABLES) + len(REPORT_TABLES), sys.stderr)
        con = network_dataset(
            network.pk, tick=lambda table, rows: progress.phase(table) if rows == 0 else None
        )
        for table in (*TABLES, *REPORT_TABLES[:-1]):
            progress.phase(f"writing {table}")
            con.execute(f"COPY {table} TO '{directory / table}.parquet' (FORMAT parquet)")
        progress.close()
        sys.stderr.write(f"wrote {directory}\n")


def _over(directory: Path) -> duckdb.DuckDBPyConnection:
    missing = [table for table in REPORT_TABLES if not (directory / f"{table}.parquet").exists()]
    if missing:
        raise CommandError(
            f"--dataset: {directory} lacks {', '.join(missing)} (write it with report registry-dataset)"
        )
    con = duckdb.connect(":memory:")
    for table in REPORT_TABLES:
        path = str(directory / f"{table}.parquet").replace("'", "''")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")  # noqa: S608 - quoted path
    return con
