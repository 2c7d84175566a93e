from __future__ import annotations

from base64 import b32encode
from typing import Any

from django.core.management.base import BaseCommand

from mesodesk.demo.clinics import DEMO_PASSWORD, DEMO_TOTP_KEY, demo_create


class Command(BaseCommand):
    help = "Create the demo network: two clinics, their people, a living practice (seeded). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        sign_ins = demo_create()
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for s in sign_ins:
            self.stdout.write(f"  {s.username:32} {s.role} at {s.clinic}")
        secret = b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
        self.stdout.write(
            "Administrators and analysts then type a code: add this secret to an authenticator app"
            f" (TOTP, 6 digits, 30 s): {secret}"
        )
