from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mesodesk.demo.clinics import DEMO_PASSWORD, demo_create


class Command(BaseCommand):
    help = "Create the demo network: two clinics, their people, a living practice (seeded). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        sign_ins = demo_create()
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for s in sign_ins:
            self.stdout.write(f"  {s.username:32} {s.role} at {s.clinic}")
