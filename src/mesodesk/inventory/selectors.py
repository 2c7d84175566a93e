"""Reads of the stock, in the request's clinic scope: another clinic's rows are not found (404).

Stock rows hold no patient data, so reading them is not audited; every change is (services)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext

from mesodesk.inventory.alerts import expiring_lots, low_products
from mesodesk.inventory.models import Lot, Product, StockMovement


def products_list() -> QuerySet[Product]:
    """The clinic's products, each with `units`: its units on hand over all its lots."""
    return Product.objects.annotate(units=Sum("lots__on_hand")).order_by("name", "id")


def product_get(product_id: int) -> Product:
    """The product, or 404 when it is missing or another clinic's: the same answer for both."""
    return get_object_or_404(Product, pk=product_id)


def lots_of(product: Product) -> QuerySet[Lot]:
    return Lot.objects.filter(product=product).order_by("expires", "id")


def lot_get(lot_id: int) -> Lot:
    """The lot with its product, or 404 when it is missing or another clinic's."""
    return get_object_or_404(Lot.objects.select_related("product"), pk=lot_id)


def lots_suggested(product: Product, on: datetime.date) -> QuerySet[Lot]:
    """Lots to draw from for a session on `on`: with units left, not expired that day,
    the first to expire first (then the first received). An oily product suggests none."""
    if product.oily:
        return Lot.objects.none()
    return Lot.objects.filter(product=product, on_hand__gt=0, expires__gte=on).order_by(
        "expires", "received_on", "id"
    )


def movements_of(lot: Lot) -> QuerySet[StockMovement]:
    return StockMovement.objects.filter(lot=lot).select_related("by").order_by("at", "id")


def lots_to_count() -> QuerySet[Lot]:
    """Every lot the books say holds units, by product then expiry: what a count walks through."""
    return (
        Lot.objects.select_related("product").filter(on_hand__gt=0).order_by("product__name", "expires", "id")
    )


@dataclass(frozen=True)
class StockAlertShown:
    level: str  # "warning" (low stock) or "advice" (expiring), the gates' levels
    title: str
    detail: str
    url: str


def stock_alerts(clinic_id: int, today: datetime.date) -> list[StockAlertShown]:
    """What the dashboard shows: each low product and each lot expiring within 30 days,
    in the reader's language, linked to its page. No patient data."""
    shown = []
    for product, units in low_products(clinic_id):
        shown.append(
            StockAlertShown(
                "warning",
                gettext("Low stock"),
                gettext("%(product)s: %(units)d units left (threshold %(threshold)d)")
                % {"product": product.name, "units": units, "threshold": product.low_stock_below},
                reverse("inventory:product", args=[product.pk]),
            )
        )
    for lot in expiring_lots(clinic_id, today):
        shown.append(
            StockAlertShown(
                "advice",
                gettext("Expiring soon"),
                gettext("%(product)s, lot %(lot)s: %(units)d units expire on %(expires)s")
                % {
                    "product": lot.product.name,
                    "lot": lot.number,
                    "units": lot.on_hand,
                    "expires": formats.date_format(lot.expires),
                },
                reverse("inventory:lot", args=[lot.pk]),
            )
        )
    return shown
