"""Stock alerts: a product below its low-stock threshold, a lot expiring within 30 days.

The dashboard reads them live (inventory.selectors.stock_alerts). The clinic's administrators
are also told by e-mail, at most once per lot and kind: a StockAlert row records that they
were (its unique constraint is the "at most once"), and a task of the database-backed worker
sends the mail. A low-stock alert belongs to the product's latest lot, so a new delivery that
runs low again is told again. The stock services raise the alerts as they write; lots that
reach the 30-day window without any write are found by `mesodesk manage stock_alerts`, run daily.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import formats, translation
from django.utils.translation import gettext
from django_scopes import scopes_disabled
from django_tasks import task

from mesodesk.accounts.models import Membership, Role
from mesodesk.inventory.models import AlertKind, Lot, Product, StockAlert

EXPIRY_WARNING_DAYS = 30


def expiring_lots(clinic_id: int, today: datetime.date) -> list[Lot]:
    """Lots with units left that expire within the next 30 days (today included), soonest first."""
    with scopes_disabled():
        return list(
            Lot.objects.select_related("product")
            .filter(
                clinic_id=clinic_id,
                on_hand__gt=0,
                expires__gte=today,
                expires__lte=today + datetime.timedelta(days=EXPIRY_WARNING_DAYS),
            )
            .order_by("expires", "id")
        )


def low_products(clinic_id: int, product_ids: Iterable[int] | None = None) -> list[tuple[Product, int]]:
    """Products with a threshold whose units on hand, over all their lots, fall below it."""
    with scopes_disabled():
        products = Product.objects.filter(clinic_id=clinic_id, low_stock_below__gt=0)
        if product_ids is not None:
            products = products.filter(pk__in=list(product_ids))
        found: list[tuple[Product, int]] = []
        for product in products.annotate(units=Sum("lots__on_hand")).order_by("name", "id"):
            units = int(product.units or 0)
            if units < product.low_stock_below:
                found.append((product, units))
        return found


def _raise(clinic_id: int, lot: Lot, kind: str) -> StockAlert | None:
    if StockAlert.objects.filter(lot=lot, kind=kind).exists():
        return None
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin's row wins, ours is dropped
            alert = StockAlert.objects.create(clinic_id=clinic_id, lot=lot, kind=kind)
    except IntegrityError:
        return None
    send_stock_alert.enqueue(alert.pk)  # in the caller's transaction: rolled back with it
    return alert


def stock_alerts_raise(
    *, clinic_id: int, today: datetime.date, product_ids: Iterable[int] | None = None
) -> list[StockAlert]:
    """Record and queue the e-mails of the alerts not told yet. Called inside the stock
    services' transactions, and daily for the whole clinic (product_ids None)."""
    raised: list[StockAlert] = []
    with scopes_disabled():
        for lot in expiring_lots(clinic_id, today):
            if alert := _raise(clinic_id, lot, AlertKind.EXPIRING):
                raised.append(alert)
        for product, _units in low_products(clinic_id, product_ids):
            latest = Lot.objects.filter(product=product).order_by("-received_on", "-id").first()
            if latest is not None and (alert := _raise(clinic_id, latest, AlertKind.LOW_STOCK)):
                raised.append(alert)
    return raised


def _mail(alert: StockAlert) -> tuple[str, str]:
    lot, product = alert.lot, alert.lot.product
    clinic = lot.clinic.name
    if alert.kind == AlertKind.EXPIRING:
        expires = formats.date_format(lot.expires)
        subject = gettext("%(clinic)s: lot %(lot)s of %(product)s expires on %(expires)s") % {
            "clinic": clinic, "lot": lot.number, "product": product.name, "expires": expires,
        }  # fmt: skip
        body = gettext(
            "Lot %(lot)s of %(product)s expires on %(expires)s and %(units)d units of it are in stock "
            "(%(location)s). Use them first, or discard them once expired."
        ) % {
            "lot": lot.number, "product": product.name, "expires": expires,
            "units": lot.on_hand, "location": lot.location or "-",
        }  # fmt: skip
    else:
        with scopes_disabled():
            units = sum(Lot.objects.filter(product=product).values_list("on_hand", flat=True))
        subject = gettext("%(clinic)s: %(product)s is running low") % {
            "clinic": clinic,
            "product": product.name,
        }
        body = gettext(
            "%(units)d units of %(product)s are left in stock, below the %(threshold)d you set. "
            "Time to order more."
        ) % {"units": units, "product": product.name, "threshold": product.low_stock_below}
    return subject, "\n".join([body, "", clinic])


@task()
def send_stock_alert(alert_id: int) -> str:
    """E-mail the clinic's administrators (those with an address), in the site's language."""
    with scopes_disabled():
        alert = StockAlert.objects.select_related("lot__product", "lot__clinic").get(pk=alert_id)
        if alert.sent_to:
            return "already sent"
        admins = list(
            Membership.objects.filter(clinic_id=alert.clinic_id, role=Role.CLINIC_ADMIN)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        if not admins:
            return "not sent: no administrator with an e-mail address"
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _mail(alert)
        send_mail(subject, body, None, admins)
        StockAlert.objects.filter(pk=alert.pk).update(sent_to=admins)
        return "sent"
