"""`mesodesk manage registry_datasets schedule|write`: queue the daily refresh of the
registry's datasets (as `mesodesk worker` does when it starts), or write them now."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mesodesk.registry.tasks import registry_datasets_schedule, registry_datasets_write


class Command(BaseCommand):
    help = "Queue the daily refresh of the registry's datasets (schedule), or write them now (write)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["schedule", "write"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "schedule":
            queued = registry_datasets_schedule(first_in=datetime.timedelta(0))
            self.stdout.write("queued" if queued else "not queued (no dataset directory, or already queued)")
            return
        written = registry_datasets_write()
        self.stdout.write(f"{len(written)} network datasets written")
