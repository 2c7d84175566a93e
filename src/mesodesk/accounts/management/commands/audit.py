from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mesodesk.accounts.audit import ChainReport, audit_verify, describe_chain
from mesodesk.accounts.checkpoints import (
    CheckpointRefused,
    checkpoint_compare,
    checkpoint_dir,
    checkpoint_latest,
    checkpoint_write,
)
from mesodesk.accounts.models import Clinic
from mesodesk.accounts.tasks import audit_checkpoint_schedule


class Command(BaseCommand):
    help = (
        "Audit trail tools. 'verify' walks every chain (one per clinic), checks each event's keyed "
        "hash and link, and compares each chain's head with the latest signed checkpoint. "
        "'checkpoint' writes a checkpoint now; 'schedule' queues the worker's recurring checkpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint", "schedule"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            try:
                self.stdout.write(f"audit checkpoint written: {checkpoint_write()}")
            except CheckpointRefused as exc:
                raise CommandError(str(exc)) from None
            return
        if options["action"] == "schedule":
            queued = audit_checkpoint_schedule(first_in=datetime.timedelta(0))
            self.stdout.write(
                "audit checkpoint queued" if queued else "an audit checkpoint is already queued"
            )
            return
        self._verify()

    def _verify(self) -> None:
        report = audit_verify()
        # Names help the person reading; a clinic deleted since keeps its number.
        names = dict(Clinic.objects.values_list("pk", "name"))
        for chain in report.chains:
            self.stdout.write(self._line(chain, names))
        listings = report.listings
        self.stdout.write(
            f"listings: {listings.checked} name the patients their signed lines name"
            if listings.intact
            else f"listings: event {listings.broken_at}: {listings.reason} "
            f"({listings.checked} listings before it hold)"
        )
        checkpoint, problems = checkpoint_latest()
        if checkpoint is None:
            self.stdout.write(
                f"no checkpoint in {checkpoint_dir()}: events deleted from a chain's end cannot be "
                "detected until one is written (mesodesk audit checkpoint)"
            )
        else:
            age = timezone.now() - checkpoint.written_at
            self.stdout.write(
                f"compared with checkpoint {checkpoint.path.name}, written {age.days} days "
                f"{age.seconds // 3600} hours ago, covering {len(checkpoint.heads)} chains"
            )
            problems += checkpoint_compare(checkpoint)
        for problem in problems:
            self.stdout.write(f"checkpoint: {problem.problem}")
        if report.intact and not problems:
            self.stdout.write(
                f"audit trail intact: {report.checked} events checked in {len(report.chains)} chains"
            )
            return
        if report.intact:
            raise CommandError(f"audit trail not intact: {problems[0].problem}")
        if not report.broken:
            raise CommandError(f"audit trail not intact: event {listings.broken_at}: {listings.reason}")
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
