"""Writes of the stock: products, lots received, draws, discards and counts.

A movement is the only way stock changes: each write adds one and moves the lot's `on_hand`
by the same quantity, in one transaction, with an audit line. The lot's row is changed by a
conditional UPDATE (`on_hand >= quantity`) with an F() expression, so two sessions drawing
at once never both take the last vial and no decrement is lost: the database serialises the
two UPDATEs on the row and checks the condition again for the second.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction, Clinic
from mesodesk.clinic.fields import EARLIEST_YEAR, LATEST_YEAR
from mesodesk.inventory.alerts import stock_alerts_raise
from mesodesk.inventory.models import MAX_UNITS, Lot, MovementKind, Product, StockMovement
from mesodesk.knowledge.loader import load_knowledge

MAX_OTHER_INGREDIENTS = 30


def _units(quantity: object, field: str = "quantity") -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise ValidationError({field: gettext("Give a whole number of units.")})
    if not 1 <= quantity <= MAX_UNITS:
        raise ValidationError({field: gettext("Give between 1 and %(max)d units.") % {"max": MAX_UNITS}})
    return quantity


def _day_in_range(day: datetime.date, field: str) -> None:
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValidationError(
            {field: gettext("Give a date between %(earliest)d and %(latest)d.")
             % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}}
        )  # fmt: skip


def oily_refusal() -> str:
    """Why an oily product is never drawn, with the source the knowledge base gives."""
    sources = ", ".join(load_knowledge().drug_requirement_by_code["not_oily"].sources)
    return gettext(
        "This product is an oily solution: injected drugs must not be oily (source %(sources)s). "
        "It cannot be drawn for a session."
    ) % {"sources": sources}


def product_create(
    *,
    clinic: Clinic,
    actor: Actor,
    name: str,
    manufacturer: str,
    presentation: str,
    volume_ml: Decimal,
    formulation: str = "",
    ingredients: list[str] | None = None,
    other_ingredients: list[str] | None = None,
    isotonic: bool = False,
    oily: bool = False,
    low_stock_below: int = 0,
) -> Product:
    """A product of the clinic. A knowledge-base formulation brings its ingredients (its catalyst's
    included) when none are given; a clinic's own product lists them, known or its own."""
    kb = load_knowledge()
    if formulation and formulation not in kb.formulation_by_code:
        raise ValidationError({"formulation": gettext("Unknown formulation.")})
    chosen = list(ingredients or [])
    unknown = [code for code in chosen if code not in kb.ingredient_codes]
    if unknown:
        raise ValidationError({"ingredients": gettext("Unknown ingredient.")})
    if formulation and not chosen:
        chosen = sorted(kb.ingredients_by_formulation[formulation])
    own = [text.strip() for text in (other_ingredients or []) if text.strip()]
    if len(own) > MAX_OTHER_INGREDIENTS or any(len(text) > 120 for text in own):
        raise ValidationError(
            {"other_ingredients": gettext("At most %(count)d ingredients of 120 characters each.")
             % {"count": MAX_OTHER_INGREDIENTS}}
        )  # fmt: skip
    if not formulation and not chosen and not own:
        raise ValidationError(
            {"ingredients": gettext("Choose a formulation, or list the product's ingredients.")}
        )
    if Product.objects.filter(clinic=clinic, name=name).exists():
        raise ValidationError({"name": gettext("The clinic already has a product of this name.")})
    with transaction.atomic():
        product = Product(
            clinic=clinic, name=name, formulation=formulation, ingredients=sorted(set(chosen)),
            other_ingredients=own, manufacturer=manufacturer, presentation=presentation,
            volume_ml=volume_ml, isotonic=isotonic, oily=oily, low_stock_below=low_stock_below,
        )  # fmt: skip
        product.full_clean()
        product.save(force_insert=True)
        audit_by(
            actor, AuditAction.CREATE, clinic_id=clinic.pk, object_type="product", object_id=product.pk,
            detail={"name": name, "formulation": formulation, "oily": oily},
        )  # fmt: skip
    return product


def lot_receive(
    *,
    product: Product,
    actor: Actor,
    number: str,
    expires: datetime.date,
    quantity: int,
    supplier: str,
    received_on: datetime.date,
    location: str = "",
) -> Lot:
    """A lot delivered: its row, and the movement that brings its units into stock."""
    quantity = _units(quantity)
    _day_in_range(expires, "expires")
    _day_in_range(received_on, "received_on")
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": gettext("A lot is received today or earlier.")})
    if expires < received_on:
        raise ValidationError({"expires": gettext("This lot had expired before it was received.")})
    if Lot.objects.filter(product=product, number=number).exists():
        raise ValidationError({"number": gettext("This product already has a lot of this number.")})
    with transaction.atomic():
        lot = Lot(
            clinic_id=product.clinic_id, product=product, number=number, expires=expires,
            quantity_received=quantity, supplier=supplier, received_on=received_on, location=location,
            on_hand=quantity,
        )  # fmt: skip
        lot.full_clean()
        lot.save(force_insert=True)
        _movement(lot, MovementKind.RECEIVED, quantity, quantity, actor)
        stock_alerts_raise(clinic_id=product.clinic_id, today=timezone.localdate(), product_ids=[product.pk])
    return lot


def _movement(
    lot: Lot, kind: str, quantity: int, after: int, actor: Actor, reference: str = "", note: str = ""
) -> StockMovement:
    movement = StockMovement(
        clinic_id=lot.clinic_id, lot=lot, kind=kind, quantity=quantity, on_hand_after=after,
        by=actor, reference=reference, note=note,
    )  # fmt: skip
    movement.full_clean(exclude=["lot", "by", "clinic"])
    movement.save(force_insert=True)
    audit_by(
        actor, AuditAction.CREATE if kind == MovementKind.RECEIVED else AuditAction.UPDATE,
        clinic_id=lot.clinic_id, object_type="lot", object_id=lot.pk,
        detail={"movement": movement.pk, "kind": kind, "quantity": quantity, "on_hand": after,
                **({"reference": reference} if reference else {})},
    )  # fmt: skip
    return movement


def _take(lot: Lot, quantity: int, kind: str, by: Actor, reference: str, note: str) -> StockMovement:
    """Take units out of the lot, or refuse when fewer are on hand. The caller holds a transaction."""
    taken = Lot.objects.filter(pk=lot.pk, on_hand__gte=quantity).update(on_hand=F("on_hand") - quantity)
    if not taken:
        on_hand = Lot.objects.filter(pk=lot.pk).values_list("on_hand", flat=True).first() or 0
        raise ValidationError(
            {"quantity": ValidationError(
                gettext("Only %(on_hand)d units of this lot are in stock; stock never goes below zero.")
                % {"on_hand": on_hand},
                code="insufficient_stock",
            )}
        )  # fmt: skip
    # We hold the row's lock until commit: what we read now is our own decrement's result.
    after = Lot.objects.filter(pk=lot.pk).values_list("on_hand", flat=True).get()
    lot.on_hand = after
    return _movement(lot, kind, -quantity, after, by, reference, note)


def lot_draw(
    *, lot: Lot, quantity: int, by: Actor, on: datetime.date | None = None, reference: str = ""
) -> StockMovement:
    """Draw units of a lot for a session held on `on` (today by default).

    Refused, changing nothing: an oily product (never injected, source 004), a lot expired by
    the session's day (a lot is usable up to and including its expiry date), a draw that
    would leave fewer than zero units. `reference` is the caller's own mark for the movement
    (charting keeps the movement's id); inventory does not read it."""
    quantity = _units(quantity)
    day = on or timezone.localdate()
    if len(reference) > 120:
        raise ValidationError({"reference": gettext("At most 120 characters.")})
    product = lot.product
    if product.oily:
        raise ValidationError({"lot": ValidationError(oily_refusal(), code="oily_product")})
    if lot.expires < day:
        raise ValidationError(
            {"lot": ValidationError(
                gettext("This lot expired on %(expires)s, before the session's day.")
                % {"expires": date_format(lot.expires)},
                code="lot_expired",
            )}
        )  # fmt: skip
    with transaction.atomic():
        movement = _take(lot, quantity, MovementKind.DRAWN, by, reference, "")
        stock_alerts_raise(clinic_id=lot.clinic_id, today=timezone.localdate(), product_ids=[product.pk])
    return movement


def lot_discard(*, lot: Lot, quantity: int, by: Actor, note: str) -> StockMovement:
    """Units thrown away (broken, expired, contaminated), with why."""
    quantity = _units(quantity)
    if not note.strip():
        raise ValidationError({"note": gettext("Say why these units are discarded.")})
    with transaction.atomic():
        movement = _take(lot, quantity, MovementKind.DISCARDED, by, "", note.strip())
        stock_alerts_raise(clinic_id=lot.clinic_id, today=timezone.localdate(), product_ids=[lot.product_id])
    return movement


def stock_count_record(
    *, clinic: Clinic, by: Actor, counted: dict[int, int], note: str = ""
) -> list[StockMovement]:
    """A count of the shelves: for each lot id, the units found. Each difference from the
    books becomes a count-adjustment movement (audited); a lot found as booked adds nothing.

    The lots are re-read under lock, and each difference is taken against the books as they
    stand then, so the lot ends with exactly the units counted."""
    for lot_id, units in counted.items():
        if isinstance(units, bool) or not isinstance(units, int) or not 0 <= units <= MAX_UNITS:
            raise ValidationError(
                {f"lot_{lot_id}": gettext("Give between 0 and %(max)d units.") % {"max": MAX_UNITS}}
            )
    if len(note) > 500:
        raise ValidationError({"note": gettext("At most 500 characters.")})
    movements: list[StockMovement] = []
    with transaction.atomic():
        lots = {
            lot.pk: lot for lot in Lot.objects.select_for_update().filter(clinic=clinic, pk__in=list(counted))
        }
        missing = sorted(set(counted) - set(lots))
        if missing:
            raise ValidationError({f"lot_{missing[0]}": gettext("No such lot in this clinic.")})
        for lot_id in sorted(counted):
            lot, units = lots[lot_id], counted[lot_id]
            difference = units - lot.on_hand
            if difference == 0:
                continue
            Lot.objects.filter(pk=lot.pk).update(on_hand=units)
            lot.on_hand = units
            movements.append(_movement(lot, MovementKind.ADJUSTED, difference, units, by, "", note))
        stock_alerts_raise(
            clinic_id=clinic.pk, today=timezone.localdate(), product_ids=[lots[i].product_id for i in counted]
        )
    return movements
