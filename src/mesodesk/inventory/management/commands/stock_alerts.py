from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic
from mesodesk.inventory.alerts import stock_alerts_raise


class Command(BaseCommand):
    help = (
        "Queue the e-mails of stock alerts not told yet (low stock, lots expiring within 30 days), "
        "for every clinic; run it daily. `mesodesk worker` sends them."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        raised = 0
        with scopes_disabled():
            for clinic_id in Clinic.objects.order_by("id").values_list("id", flat=True):
                with transaction.atomic():
                    raised += len(stock_alerts_raise(clinic_id=clinic_id, today=today))
        self.stdout.write(f"{raised} alert(s) queued")
