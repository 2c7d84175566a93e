from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mesodesk.accounts.audit import audit_verify


class Command(BaseCommand):
    help = "Audit trail tools. 'verify' walks the hash chain and reports the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if report.intact:
            self.stdout.write(f"audit trail intact: {report.checked} events checked")
            return
        raise CommandError(
            f"audit trail broken at event {report.broken_at}: {report.reason} "
            f"({report.checked} events before it are intact)"
        )
