"""What the audit trail says was read, as the audit page's patient filter finds it."""

from __future__ import annotations

from typing import Any

from mesodesk.accounts.audit import LISTING
from mesodesk.accounts.models import AuditEvent, AuditListedPatient


def patients_audited(**filters: Any) -> list[int]:
    """The patient ids the trail's reads matching `filters` name, once per line that names
    them: a read of a patient alone by its line, a listing by its listed rows (the index the
    page reads, not the signed detail that `audit verify` checks them against)."""
    reads = AuditEvent.objects.filter(action="read", **filters)
    alone = reads.exclude(object_type=LISTING).filter(patient_id__isnull=False)
    listings = reads.filter(object_type=LISTING).values("id")
    listed = AuditListedPatient.objects.filter(event_id__in=listings)
    return sorted([*alone.values_list("patient_id", flat=True), *listed.values_list("patient_id", flat=True)])
