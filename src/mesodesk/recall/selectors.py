"""Who received a lot: the signed session records that drew it, with what the clinic needs to
reach each patient. A floor above charting, which holds the lines, and inventory, which holds
the lots; safety sits below charting and cannot read them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from mesodesk.charting.models import RecordStatus, SyringeLot
from mesodesk.inventory.models import Lot
from mesodesk.inventory.selectors import lot_get, product_get


@dataclass(frozen=True)
class RecallTarget:
    """What is recalled: one lot, every lot of a product, or every lot from a supplier."""

    kind: str  # "lot" | "product" | "supplier"
    key: str  # the lot's or product's id, or the supplier's name
    label: str
    lot_ids: tuple[int, ...]


def target_lot(lot_id: int) -> RecallTarget:
    lot = lot_get(lot_id)  # another clinic's lot: 404
    return RecallTarget("lot", str(lot.pk), f"{lot.product.name}, {lot.number}", (lot.pk,))


def target_product(product_id: int) -> RecallTarget:
    product = product_get(product_id)
    lots = tuple(Lot.objects.filter(product=product).values_list("pk", flat=True))
    return RecallTarget("product", str(product.pk), product.name, lots)


def target_supplier(name: str) -> RecallTarget:
    """A supplier this clinic never received a lot from is a 404, as another clinic's lot is."""
    lots = (
        tuple(Lot.objects.filter(supplier=name.strip()).values_list("pk", flat=True)) if name.strip() else ()
    )
    if not lots:
        raise Http404("No lot from this supplier")
    return RecallTarget("supplier", name.strip(), name.strip(), lots)


@dataclass(frozen=True)
class RecallRow:
    record_id: int
    patient_id: int
    pseudonym: str
    family_name: str
    given_name: str
    phone: str
    email: str
    language: str
    session_on: str  # YYYY-MM-DD, the appointment's local day
    clinician: str
    product: str
    lot_number: str
    volume_ml: Decimal


def recall_lines(target: RecallTarget) -> QuerySet[SyringeLot]:
    """Every syringe line of a signed record drawn from the target's lots, in one query: the
    line, its record, patient, clinician, appointment, lot and product joined. Drafts never:
    nothing has been injected from a draft's lots until it is signed."""
    return (
        SyringeLot.objects.filter(lot_id__in=target.lot_ids, record__status=RecordStatus.SIGNED)
        .select_related("record__patient", "record__clinician", "record__appointment", "lot__product")
        .order_by("record__appointment__start", "record_id", "id")
    )


def recall_rows(target: RecallTarget) -> list[RecallRow]:
    rows = []
    for line in recall_lines(target):
        record = line.record
        patient = record.patient
        clinician = record.clinician
        rows.append(
            RecallRow(
                record_id=record.pk,
                patient_id=patient.pk,
                pseudonym=patient.pseudonym,
                family_name=patient.family_name,
                given_name=patient.given_name,
                phone=patient.phone,
                email=patient.email,
                language=patient.preferred_language,
                session_on=timezone.localtime(record.appointment.start).date().isoformat(),
                clinician=clinician.get_full_name() or clinician.get_username(),
                product=line.lot.product.name,
                lot_number=line.lot.number,
                volume_ml=line.volume_ml,
            )
        )
    return rows
