"""A clinic's stock: products, their lots, and the movements that are the only way stock changes.

Stock is counted in whole units of the product's presentation (vials, ampoules, syringes), as
they are counted on the shelf; the volume in a unit is the product's, for charting to convert.
A lot's `on_hand` is the sum of its movements, kept as a column so that a draw can be one
conditional UPDATE (inventory.services.lot_draw); a check constraint keeps it never negative.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from mesodesk.accounts.models import Clinic

# Far above any shelf, far below the database's integer: a typo of a few zeros is refused.
MAX_UNITS = 100_000


class Presentation(models.TextChoices):
    VIAL = "vial", _("Vial")
    AMPOULE = "ampoule", _("Ampoule")
    SYRINGE = "syringe", _("Prefilled syringe")
    BOTTLE = "bottle", _("Bottle")


class Product(models.Model):
    """A formulation as the clinic buys it. `formulation` is a knowledge-base code, or empty for
    a product the clinic describes itself; `ingredients` are knowledge-base ingredient codes
    (screened against allergies) and `other_ingredients` the clinic's own, one text each."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    formulation = models.CharField(_("formulation"), max_length=60, blank=True)
    ingredients = models.JSONField(_("ingredients"), default=list, blank=True)
    other_ingredients = models.JSONField(_("other ingredients"), default=list, blank=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=120)
    presentation = models.CharField(_("presentation"), max_length=10, choices=Presentation.choices)
    volume_ml = models.DecimalField(
        _("volume per unit (ml)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0.01), MaxValueValidator(1000)],
    )
    # The knowledge base's requirements of an injected drug (drug_requirements, source 004).
    isotonic = models.BooleanField(_("isotonic"), default=False)
    oily = models.BooleanField(_("oily solution"), default=False)
    low_stock_below = models.PositiveIntegerField(
        _("low stock below (units)"), default=0, validators=[MaxValueValidator(MAX_UNITS)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects: ClassVar[models.Manager[Product]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering: ClassVar = ["name", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["clinic", "name"], name="product_name_unique_in_clinic"),
            models.CheckConstraint(condition=models.Q(volume_ml__gt=0), name="product_volume_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Lot(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="lots", verbose_name=_("product")
    )
    number = models.CharField(_("lot number"), max_length=60)
    expires = models.DateField(_("expiry date"))
    quantity_received = models.PositiveIntegerField(
        _("quantity received (units)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_UNITS)]
    )
    supplier = models.CharField(_("supplier"), max_length=120)
    received_on = models.DateField(_("received on"))
    location = models.CharField(_("storage location"), max_length=120, blank=True)
    on_hand = models.IntegerField(_("on hand (units)"), default=0)

    objects: ClassVar[models.Manager[Lot]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering: ClassVar = ["expires", "id"]
        # A supplier's recall reads the clinic's lots from that supplier: by this index, not a scan.
        indexes: ClassVar = [models.Index(fields=["clinic", "supplier"], name="lot_clinic_supplier")]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["product", "number"], name="lot_number_unique_per_product"),
            # The database's last word on "stock never goes negative", whatever the code does.
            models.CheckConstraint(condition=models.Q(on_hand__gte=0), name="lot_on_hand_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}/{self.number}"


class MovementKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    DRAWN = "drawn", _("Drawn for a session")
    DISCARDED = "discarded", _("Discarded")
    ADJUSTED = "adjusted", _("Count adjustment")


class StockMovement(models.Model):
    """One change of a lot's stock: positive in, negative out. Never updated or deleted.

    `reference` is the caller's own opaque mark (charting keeps a foreign key to the movement;
    inventory, below it, knows nothing of sessions)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="movements", verbose_name=_("lot"))
    kind = models.CharField(_("kind"), max_length=10, choices=MovementKind.choices)
    quantity = models.IntegerField(_("quantity (units)"))
    on_hand_after = models.IntegerField(_("on hand after"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects: ClassVar[models.Manager[StockMovement]] = ScopedManager(clinic="clinic")

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering: ClassVar = ["at", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=~models.Q(quantity=0), name="movement_quantity_not_zero"),
            models.CheckConstraint(
                condition=models.Q(on_hand_after__gte=0), name="movement_on_hand_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="adjusted")
                | models.Q(kind="received", quantity__gt=0)
                | models.Q(kind__in=["drawn", "discarded"], quantity__lt=0),
                name="movement_sign_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.quantity} of lot {self.lot_id}"


class AlertKind(models.TextChoices):
    LOW_STOCK = "low_stock", _("Low stock")
    EXPIRING = "expiring", _("Expiring within 30 days")


class StockAlert(models.Model):
    """That the clinic's administrators were told (by e-mail) of this lot's alert: once per lot and kind."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=10, choices=AlertKind.choices)
    raised_at = models.DateTimeField(auto_now_add=True)
    sent_to = models.JSONField(default=list, blank=True)

    objects: ClassVar[models.Manager[StockAlert]] = ScopedManager(clinic="clinic")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["lot", "kind"], name="stock_alert_once_per_lot_and_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for lot {self.lot_id}"
