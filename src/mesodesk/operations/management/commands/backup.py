from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mesodesk.operations.backup import backup_create
from mesodesk.operations.database import BackupError


class Command(BaseCommand):
    help = (
        "Back up the database, the media files and the audit checkpoints into one folder, "
        "with a manifest of each file's SHA-256 (a dated folder under the backup dir by default)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", type=Path, help="a new or empty folder to write the backup into")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = backup_create(to=options["to"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        for warning in done.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(f"backup written to {done.folder}")
