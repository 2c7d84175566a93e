from __future__ import annotations

import json
from base64 import b32encode
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mesodesk.demo.clinics import DEMO_PASSWORD, DEMO_TOTP_KEY, demo_create
from mesodesk.demo.generate import SIZES, GenerateError, generate


class Command(BaseCommand):
    help = (
        "Create the demo network: two clinics, their people, a living practice (seeded). Idempotent. "
        "`demo generate --size s|m|l` instead generates a network in bulk, for benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action", nargs="?", choices=["generate"], help="generate: bulk data (see --size)"
        )
        parser.add_argument("--size", choices=sorted(SIZES), default="s", help="s, m or l (generate)")
        parser.add_argument(
            "--seed", type=int, default=1, help="the same seed gives the same rows (generate)"
        )
        parser.add_argument("--clinics", type=int, default=None, help="how many clinics (generate)")
        parser.add_argument("--patients", type=int, default=None, help="how many patients in all (generate)")
        parser.add_argument(
            "--sessions", type=int, default=None, help="stop at this many sessions (generate)"
        )
        parser.add_argument(
            "--workers", type=int, default=None,
            help="processes drawing the clinics (generate; default: the usable cores; 0: none, draw here)",
        )  # fmt: skip
        parser.add_argument("--quiet", action="store_true", help="no progress bar on stderr (generate)")
        parser.add_argument(
            "--keep-indexes", action="store_true",
            help="l size: keep the secondary indexes up during the run, not rebuilt after (generate)",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "generate":
            try:
                made = generate(
                    size=options["size"], seed=options["seed"], clinics=options["clinics"],
                    patients=options["patients"], sessions=options["sessions"], progress=not options["quiet"],
                    indexes_off=False if options["keep_indexes"] else None, workers=options["workers"],
                )  # fmt: skip
            except GenerateError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(json.dumps(made, indent=2))
            return
        sign_ins = demo_create()
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for s in sign_ins:
            self.stdout.write(f"  {s.username:32} {s.role} at {s.clinic}")
        secret = b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
        self.stdout.write(
            "Administrators and analysts then type a code: add this secret to an authenticator app"
            f" (TOTP, 6 digits, 30 s): {secret}"
        )
