from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mesodesk.accounts.audit import audit_verify
from mesodesk.accounts.checkpoints import checkpoint_compare, checkpoint_latest
from mesodesk.operations.backup import backup_restore
from mesodesk.operations.database import BackupError


class Command(BaseCommand):
    help = (
        "Restore a backup folder into this instance, which must be empty unless --force is given; "
        "then check the tables' row counts against the manifest and the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="the backup folder (it holds manifest.json)")
        parser.add_argument("--force", action="store_true", help="replace what this instance holds")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = backup_restore(options["source"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        for difference in restored.differences:
            self.stdout.write(difference)
        rows = sum(restored.tables.values())
        report = audit_verify()
        checkpoint, problems = checkpoint_latest()
        problems += checkpoint_compare(checkpoint) if checkpoint else []
        for problem in problems:
            self.stdout.write(f"checkpoint: {problem.problem}")
        if restored.differences or not report.intact or problems:
            raise CommandError("restored, but not as backed up: see above, and run `mesodesk audit verify`")
        self.stdout.write(
            f"restored {rows} rows in {len(restored.tables)} tables; "
            f"audit trail intact: {report.checked} events in {len(report.chains)} chains"
        )
