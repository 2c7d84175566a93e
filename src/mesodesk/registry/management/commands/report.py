"""`mesodesk report registry`: the network's yearly report as a file, with a progress bar on
stderr; and `mesodesk report registry-dataset`: the pseudonymized dataset and its aggregate
tables as Parquet files, which `report registry --dataset DIR` reads instead of the database
(a national network's way: docs/performance.md, "Network registry")."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Network
from mesodesk.registry.dataset import dataset_directory, dataset_over, dataset_write, network_dataset
from mesodesk.registry.exports import report_export
from mesodesk.registry.progress import Progress
from mesodesk.registry.report import AGGREGATES, registry_report
from mesodesk.registry.schema import TABLES
from mesodesk.registry.services import FORMATS, PHASES, registry_audit, registry_report_for_network


class Command(BaseCommand):
    help = "The network registry's yearly report (registry), or its pseudonymized dataset (registry-dataset)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["registry", "registry-dataset"])
        parser.add_argument("--format", choices=FORMATS, default="html")
        parser.add_argument("--year", type=int, default=None, help="the report's year (this year by default)")
        parser.add_argument(
            "--output",
            default=None,
            help="a file (registry-dataset: a directory, by default the configured one)",
        )
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
            con = dataset_over(Path(options["dataset"]))
            if con is None:
                raise CommandError(
                    f"--dataset: {options['dataset']} holds no dataset (write one with registry-dataset)"
                )
            report = registry_report(con, year, step=progress.phase)
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
        directory = Path(output) if output else dataset_directory(network.pk)
        if directory is None:
            raise CommandError("--output: give the directory (or set MESODESK_REGISTRY_DATASET_DIR)")
        progress = Progress(len(TABLES) * 2 + len(AGGREGATES), sys.stderr)
        con = network_dataset(
            network.pk, tick=lambda table, rows: progress.phase(table) if rows == 0 else None
        )
        dataset_write(con, directory, step=progress.phase)
        progress.close()
        sys.stderr.write(f"wrote {directory}\n")
