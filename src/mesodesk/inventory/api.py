"""Stock over HTTP: products, lots and their movements, read; products created, lots received,
counts recorded. Drawing is charting's, through inventory.services.lot_draw, not a route.

Mounted (with authentication) by api/urls.py; `api_member("inventory")` checks the role and
opens the clinic scope, where another clinic's product or lot is a 404."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Query, Router, Schema, Status
from pydantic import Field

from mesodesk.accounts.api_schemas import DetailOut, ErrorOut, QueryParameters, Strict
from mesodesk.accounts.http import ClinicRequest, api_member
from mesodesk.clinic.errors import InputError
from mesodesk.clinic.fields import EARLIEST_YEAR, LATEST_YEAR
from mesodesk.inventory.models import MAX_UNITS, Lot, Product, StockMovement
from mesodesk.inventory.selectors import (
    lot_get,
    lots_of,
    lots_suggested,
    movements_of,
    product_get,
    products_list,
)
from mesodesk.inventory.services import lot_receive, product_create, stock_count_record

router = Router(tags=["inventory"])
router.add_decorator(api_member("inventory"))

# The presentations' codes (models.Presentation), as the API's type; a test keeps the two equal.
PresentationCode = Literal["vial", "ampoule", "syringe", "bottle"]


class StockProductIn(Strict):
    name: str = Field(min_length=1, max_length=120)
    formulation: str = Field("", max_length=60, description="A knowledge-base formulation code, or empty")
    ingredients: list[str] = Field(
        default_factory=list, max_length=30, description="Knowledge-base ingredient codes"
    )
    other_ingredients: list[str] = Field(
        default_factory=list, max_length=30, description="The clinic's own ingredients, as text"
    )
    manufacturer: str = Field(min_length=1, max_length=120)
    presentation: PresentationCode
    volume_ml: float = Field(gt=0, le=1000, description="Volume of one unit, in ml")
    isotonic: bool = False
    oily: bool = Field(False, description="An oily product is never drawn for a session")
    low_stock_below: int = Field(0, ge=0, le=MAX_UNITS)


class ProductOut(Schema):
    id: int
    name: str
    formulation: str
    ingredients: list[str]
    other_ingredients: list[str]
    manufacturer: str
    presentation: str
    volume_ml: Decimal
    isotonic: bool
    oily: bool
    low_stock_below: int
    units: int = Field(description="Units on hand over all the product's lots")

    @staticmethod
    def resolve_units(product: Product) -> int:
        units = getattr(product, "units", None)
        if units is None:
            units = sum(lot.on_hand for lot in product.lots.all())
        return int(units)


class LotIn(Strict):
    number: str = Field(min_length=1, max_length=60)
    expires: str = Field(description="YYYY-MM-DD")
    quantity: int = Field(ge=1, le=MAX_UNITS, description="Units received")
    supplier: str = Field(min_length=1, max_length=120)
    received_on: str = Field(description="YYYY-MM-DD, today or earlier")
    location: str = Field("", max_length=120)


class LotOut(Schema):
    id: int
    product: int
    number: str
    expires: datetime.date
    quantity_received: int
    supplier: str
    received_on: datetime.date
    location: str
    on_hand: int

    @staticmethod
    def resolve_product(lot: Lot) -> int:
        return lot.product_id


class MovementOut(Schema):
    id: int
    lot: int
    kind: str = Field(description="received, drawn, discarded or adjusted")
    quantity: int = Field(description="Positive in, negative out")
    on_hand_after: int
    at: datetime.datetime
    by: str
    reference: str
    note: str

    @staticmethod
    def resolve_lot(movement: StockMovement) -> int:
        return movement.lot_id

    @staticmethod
    def resolve_by(movement: StockMovement) -> str:
        return movement.by.get_username()


class LotQuery(QueryParameters):
    usable_on: str | None = Field(
        None,
        description="YYYY-MM-DD: only the lots that may be drawn for a session that day, "
        "first-expiring first",
    )


class CountLine(Strict):
    lot: int = Field(ge=1)
    units: int = Field(ge=0, le=MAX_UNITS, description="Units found on the shelf")


class CountIn(Strict):
    counts: list[CountLine] = Field(min_length=1, max_length=2000)
    note: str = Field("", max_length=500)


def _day(value: str, field: str) -> datetime.date:
    """A YYYY-MM-DD date within the years a clinic works in, or a 422 naming the field."""
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError(field, "must be a date as YYYY-MM-DD") from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise InputError(field, f"must fall between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return day


@router.get("/inventory/products", response=list[ProductOut])
def list_products(request: ClinicRequest) -> list[Product]:
    return list(products_list())


@router.post("/inventory/products", response={201: ProductOut, 422: ErrorOut})
def create_product(request: ClinicRequest, payload: StockProductIn) -> Status[Product]:
    data = payload.model_dump()
    data["volume_ml"] = Decimal(str(payload.volume_ml)).quantize(Decimal("0.01"))
    product = product_create(clinic=request.clinic, actor=request.user, **data)
    return Status(201, product)


@router.get("/inventory/products/{product_id}", response={200: ProductOut, 404: DetailOut})
def read_product(request: ClinicRequest, product_id: int) -> Product:
    return products_list().filter(pk=product_get(product_id).pk).get()


@router.get(
    "/inventory/products/{product_id}/lots", response={200: list[LotOut], 404: DetailOut, 422: ErrorOut}
)
def list_lots(request: ClinicRequest, product_id: int, query: Query[LotQuery]) -> list[Lot]:
    product = product_get(product_id)
    if query.usable_on is not None:
        return list(lots_suggested(product, _day(query.usable_on, "usable_on")))
    return list(lots_of(product))


@router.post("/inventory/products/{product_id}/lots", response={201: LotOut, 404: DetailOut, 422: ErrorOut})
def receive_lot(request: ClinicRequest, product_id: int, payload: LotIn) -> Status[Lot]:
    product = product_get(product_id)
    lot = lot_receive(
        product=product, actor=request.user, number=payload.number,
        expires=_day(payload.expires, "expires"), quantity=payload.quantity, supplier=payload.supplier,
        received_on=_day(payload.received_on, "received_on"), location=payload.location,
    )  # fmt: skip
    return Status(201, lot)


@router.get("/inventory/lots/{lot_id}", response={200: LotOut, 404: DetailOut})
def read_lot(request: ClinicRequest, lot_id: int) -> Lot:
    return lot_get(lot_id)


@router.get("/inventory/lots/{lot_id}/movements", response={200: list[MovementOut], 404: DetailOut})
def list_movements(request: ClinicRequest, lot_id: int) -> list[StockMovement]:
    return list(movements_of(lot_get(lot_id)))


@router.post("/inventory/counts", response={201: list[MovementOut], 404: DetailOut, 422: ErrorOut})
def record_count(request: ClinicRequest, payload: CountIn) -> Status[list[StockMovement]]:
    counted: dict[int, int] = {}
    for index, line in enumerate(payload.counts):
        if line.lot in counted:
            raise InputError(f"counts[{index}].lot", "this lot is counted twice")
        counted[line.lot] = line.units
    for line in payload.counts:
        lot_get(line.lot)  # another clinic's lot, or none: 404, and nothing is recorded
    movements = stock_count_record(clinic=request.clinic, by=request.user, counted=counted, note=payload.note)
    return Status(201, movements)
