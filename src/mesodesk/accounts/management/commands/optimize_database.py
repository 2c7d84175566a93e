from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = (
        "Refresh the query planner's statistics (ANALYZE). Without them SQLite may pick the "
        "wrong index, e.g. 150 ms instead of 1 ms for a date-of-birth search at 100,000 patients "
        "(bench/patient_search.py). Run after large imports; `make run` runs it at start."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"statistics refreshed ({connection.vendor})")
