"""Django's dumpdata, across every clinic.

The clinical managers are scoped per clinic (django-scopes) and refuse a query made outside
a scope, which is what dumpdata does: an operator's export of the whole instance is not one
clinic's page, so it reads with the scopes lifted. `mesodesk backup` does not need it (it
copies the database itself), but a JSON export of one app stays possible.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import dumpdata
from django_scopes import scopes_disabled


class Command(dumpdata.Command):
    def handle(self, *app_labels: str, **options: Any) -> None:
        with scopes_disabled():
            super().handle(*app_labels, **options)
