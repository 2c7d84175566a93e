"""The patients an audit listing names (accounts.audit.audit_record_listing): written beside
the listing's one signed line, and checked against it.

The line's detail holds the patients' ids under the HMAC; the rows of AuditListedPatient are an
index of it by patient, for "who saw this patient". Someone who adds, removes or changes such a
row without touching the line is caught here, as an edited line is caught by its hash."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django.db import connection

from mesodesk.accounts.models import AuditEvent, AuditListedPatient
from mesodesk.accounts.sql import sql_insert

# The object_type of a line that lists several patients.
LISTING = "patient_list"


def insert_listed(event_id: int, clinic_id: int, patient_ids: Sequence[int]) -> None:
    """One row per patient the listing `event_id` names, in the caller's transaction."""
    with connection.cursor() as cursor:
        cursor.executemany(
            sql_insert(AuditListedPatient._meta.db_table, ["event_id", "clinic_id", "patient_id"]),
            [[event_id, clinic_id, patient_id] for patient_id in patient_ids],
        )


@dataclass(frozen=True)
class ListingReport:
    """The listings whose rows match their signed line, and the first that does not."""

    checked: int = 0
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_listings() -> ListingReport:
    """Each listing's rows against the ids its signed line names, both read in event order and
    merged: one pass over each, whatever the trail's size. (That each line itself is intact is
    the chains' business: accounts.audit_verify.)"""
    lines = (
        AuditEvent.objects.filter(object_type=LISTING)
        .order_by("id")
        .values_list("id", "clinic_id", "detail")
        .iterator(chunk_size=2000)
    )
    rows = AuditListedPatient.objects.order_by("event_id", "patient_id").values_list(
        "event_id", "clinic_id", "patient_id"
    )
    groups = groupby(rows.iterator(chunk_size=2000), key=itemgetter(0))
    return merge_listings(lines, groups)


def merge_listings(
    lines: Iterator[tuple[int, int | None, object]],
    groups: Iterator[tuple[int, Iterator[tuple[int, int, int]]]],
) -> ListingReport:
    """The listing lines (id, clinic, detail), in id order, against the listed rows grouped by
    their event id, in the same order: the first line or group that does not match its other half."""
    checked = 0
    group = next(groups, None)
    for event_id, clinic_id, detail in lines:
        named = detail.get("patients") if isinstance(detail, dict) else None
        if group is not None and group[0] < event_id:
            return ListingReport(checked, group[0], "it has listed patients but is no listing")
        found: list[tuple[int, int, int]] = []
        if group is not None and group[0] == event_id:
            found = list(group[1])
            group = next(groups, None)
        if not isinstance(named, list) or [p for _, _, p in found] != sorted(named):
            return ListingReport(checked, event_id, "its listed patients are not those its signed line names")
        if any(c != clinic_id for _, c, _ in found):
            return ListingReport(checked, event_id, "its listed patients are filed under another clinic")
        checked += 1
    if group is not None:
        return ListingReport(checked, group[0], "it has listed patients but is no listing")
    return ListingReport(checked)
