"""`mesodesk manage outcome_links schedule|send`: queue the daily run of the outcome links
(as `mesodesk worker` does when it starts), or queue today's links now."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from mesodesk.outcomes.tasks import due_links, outcome_links_schedule, send_outcome_link


class Command(BaseCommand):
    help = "Queue the daily outcome links (schedule), or today's links now (send)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["schedule", "send"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "schedule":
            queued = outcome_links_schedule(first_in=datetime.timedelta(0))
            self.stdout.write("queued" if queued else "already queued")
            return
        pairs = due_links(timezone.localdate())
        for course_id, timepoint in pairs:
            send_outcome_link.enqueue(course_id, timepoint)
        self.stdout.write(f"{len(pairs)} links queued")
