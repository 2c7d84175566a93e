"""The demo's stock: a few products per clinic with their lots, one lot expiring within the
month and one product running low, so the dashboard shows the stock alerts. Dates count from
today; a clinic that already holds products is left as it is."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django_scopes import scope

from mesodesk.accounts.models import Clinic
from mesodesk.inventory.models import Product
from mesodesk.inventory.services import lot_draw, lot_receive, product_create

# name, formulation, own ingredients (knowledge-base codes), manufacturer, presentation, ml, threshold
PRODUCTS: tuple[tuple[str, str, list[str], str, str, str, int], ...] = (
    ("NWM-MesoLift 5 ml", "mesolift", [], "NWM", "vial", "5", 10),
    ("NWM-MesoHair 5 ml", "mesohair", [], "NWM", "vial", "5", 6),
    ("Lidocaine 1 % 2 ml", "", ["lidocaine"], "Generic Pharma", "ampoule", "2", 20),
)
# per product: lot suffix, days until expiry, days since received, units received, units drawn since
LOTS: dict[int, tuple[tuple[str, int, int, int, int], ...]] = {
    0: (("A", 18, 150, 12, 7), ("B", 320, 20, 30, 0)),
    1: (("A", 240, 40, 10, 6),),
    2: (("A", 400, 60, 50, 12),),
}


def stock_seed(clinic: Clinic, *, actor: Any) -> int:
    """Products and lots for the clinic, once; returns how many lots were received."""
    today = timezone.localdate()
    received = 0
    with scope(clinic=clinic):
        if Product.objects.exists():
            return 0
        for index, (name, formulation, ingredients, maker, presentation, ml, threshold) in enumerate(
            PRODUCTS
        ):
            product = product_create(
                clinic=clinic, actor=actor, name=name, formulation=formulation, ingredients=ingredients,
                manufacturer=maker, presentation=presentation, volume_ml=Decimal(ml), isotonic=True,
                low_stock_below=threshold,
            )  # fmt: skip
            for suffix, expires_in, received_ago, units, drawn in LOTS[index]:
                lot = lot_receive(
                    product=product, actor=actor, number=f"{clinic.slug[:3].upper()}-{index + 1}{suffix}",
                    expires=today + datetime.timedelta(days=expires_in), quantity=units,
                    supplier="Pharmacie Centrale", received_on=today - datetime.timedelta(days=received_ago),
                    location="Fridge 1" if formulation else "Cupboard A",
                )  # fmt: skip
                received += 1
                if drawn:
                    lot_draw(lot=lot, quantity=drawn, by=actor, reference="demo")
    return received
