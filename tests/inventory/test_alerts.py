from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.models import Clinic
from mesodesk.inventory.models import Lot, Product, StockAlert
from mesodesk.inventory.services import lot_draw
from tests.conftest import signed_in
from tests.inventory.conftest import make_lot, make_product

pytestmark = pytest.mark.django_db


def run_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """One batch of the real `mesodesk worker`, in this test's transaction (see tests/scheduling)."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture
def carol_mailed(carol: Any) -> Any:
    carol.email = "carol@clinic-a.example"
    carol.save(update_fields=["email"])
    return carol


def test_a_lot_expiring_within_30_days_e_mails_the_admins_once(
    clinic_a: Clinic, alice: Any, carol_mailed: Any, product_a: Product, monkeypatch: pytest.MonkeyPatch
) -> None:
    soon = timezone.localdate() + datetime.timedelta(days=12)
    lot = make_lot(product_a, alice, number="SOON-1", expires=soon)
    run_worker(monkeypatch)
    [message] = mail.outbox
    assert message.to == ["carol@clinic-a.example"]
    assert "SOON-1" in message.subject
    with scope(clinic=clinic_a):
        lot_draw(lot=lot, quantity=1, by=alice)  # a later write raises it again: not told twice
    call_command("stock_alerts", stdout=StringIO())
    run_worker(monkeypatch)
    assert len(mail.outbox) == 1
    with scopes_disabled():
        assert StockAlert.objects.filter(lot=lot, kind="expiring").count() == 1


def test_a_lot_expiring_later_raises_nothing(
    alice: Any, carol_mailed: Any, product_a: Product, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_lot(product_a, alice, expires=timezone.localdate() + datetime.timedelta(days=31))
    run_worker(monkeypatch)
    assert mail.outbox == []


def test_falling_below_the_threshold_e_mails_the_admins_once_per_lot(
    clinic_a: Clinic, alice: Any, carol_mailed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    product = make_product(clinic_a, alice, name="Lidocaine 2%", low_stock_below=5)
    lot = make_lot(product, alice, quantity=8)
    with scope(clinic=clinic_a):
        lot_draw(lot=lot, quantity=3, by=alice)  # 5 left: not below 5
        run_worker(monkeypatch)
        assert mail.outbox == []
        lot_draw(lot=lot, quantity=1, by=alice)  # 4 left
        lot_draw(lot=lot, quantity=1, by=alice)  # 3 left: already told
    run_worker(monkeypatch)
    [message] = mail.outbox
    assert "Lidocaine 2%" in message.subject
    assert message.body.startswith("3 units")  # the stock when the mail is sent


def test_the_daily_command_finds_lots_that_entered_the_window_without_a_write(
    clinic_a: Clinic, alice: Any, carol_mailed: Any, product_a: Product, monkeypatch: pytest.MonkeyPatch
) -> None:
    lot = make_lot(product_a, alice, expires=timezone.localdate() + datetime.timedelta(days=90))
    with scopes_disabled():
        Lot.objects.filter(pk=lot.pk).update(expires=timezone.localdate() + datetime.timedelta(days=20))
    out = StringIO()
    call_command("stock_alerts", stdout=out)
    assert out.getvalue().startswith("1 alert")
    run_worker(monkeypatch)
    assert len(mail.outbox) == 1


def test_the_dashboard_links_the_alerts_for_stock_roles_only(
    client: Client, clinic_a: Clinic, alice: Any, bob: Any, carol: Any, nina: Any, charlie: Any
) -> None:
    product = make_product(clinic_a, alice, name="Procaine", low_stock_below=10)
    lot = make_lot(
        product, alice, number="P-9", quantity=3, expires=timezone.localdate() + datetime.timedelta(days=7)
    )
    for user in (alice, bob, carol):
        page = signed_in(client, user).get("/").content.decode()
        assert f'href="/inventory/products/{product.pk}/"' in page, user
        assert f'href="/inventory/lots/{lot.pk}/"' in page, user
    for user in (nina, charlie):
        page = signed_in(client, user).get("/").content.decode()
        assert "/inventory/lots/" not in page, user


def test_the_dashboard_alert_reads_in_french(client: Client, clinic_a: Clinic, alice: Any) -> None:
    product = make_product(clinic_a, alice, name="Procaine", low_stock_below=10)
    make_lot(product, alice, quantity=3)
    page = signed_in(client, alice).get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Stock bas" in page
