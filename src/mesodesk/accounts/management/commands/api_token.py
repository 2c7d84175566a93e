from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mesodesk.accounts.models import Clinic
from mesodesk.accounts.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Create an API token for a person in one clinic (shown once), or revoke one by name."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "revoke"])
        parser.add_argument("username")
        parser.add_argument("clinic", help="the clinic's slug")
        parser.add_argument("--name", default="script", help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = get_user_model().objects.get(username=options["username"])
            clinic = Clinic.objects.get(slug=options["clinic"])
        except (get_user_model().DoesNotExist, Clinic.DoesNotExist) as exc:
            raise CommandError(str(exc)) from None
        if options["action"] == "revoke":
            count = api_token_revoke(user=user, clinic=clinic, name=options["name"])
            self.stdout.write(f"revoked {count} token(s)")
            return
        try:
            _, key = api_token_create(user=user, clinic=clinic, name=options["name"])
        except PermissionError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(key)
