from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mesodesk.accounts.audit import ChainReport, audit_verify, describe_chain
from mesodesk.accounts.models import Clinic


class Command(BaseCommand):
    help = (
        "Audit trail tools. 'verify' walks every chain (one per clinic) and reports, for each, "
        "how many events hold and the first broken link."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        # Names help the person reading; a clinic deleted since keeps its number.
        names = dict(Clinic.objects.values_list("pk", "name"))
        for chain in report.chains:
            self.stdout.write(self._line(chain, names))
        if report.intact:
            self.stdout.write(
                f"audit trail intact: {report.checked} events checked in {len(report.chains)} chains"
            )
            return
        first = min(report.broken, key=lambda c: c.broken_at or 0)
        others = len(report.broken) - 1
        raise CommandError(
            f"audit trail broken at event {first.broken_at} in {self._name(first.chain, names)}: "
            f"{first.reason} ({first.checked} events before it in that chain are intact)"
            + (f"; {others} other chain(s) broken too, see above" if others else "")
        )

    @staticmethod
    def _name(chain: int, names: dict[int, str]) -> str:
        name = describe_chain(chain)
        return f"{name} ({names[chain]})" if chain in names else name

    def _line(self, chain: ChainReport, names: dict[int, str]) -> str:
        if chain.intact:
            return f"chain {chain.chain}, {self._name(chain.chain, names)}: {chain.checked} events, intact"
        return (
            f"chain {chain.chain}, {self._name(chain.chain, names)}: broken at event {chain.broken_at}, "
            f"{chain.reason} ({chain.checked} events before it are intact)"
        )
