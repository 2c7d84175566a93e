"""audit_record_listing: one signed line for the patients a page or an answer shows together,
a row per patient indexing it, and `audit verify` holding the two to each other."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from mesodesk.accounts.audit import LISTING, audit_record, audit_record_listing, audit_verify
from mesodesk.accounts.audit_links import ListingReport, merge_listings
from mesodesk.accounts.models import AuditEvent, AuditListedPatient
from mesodesk.accounts.selectors import audit_events_for_clinic

pytestmark = pytest.mark.django_db


def listing(patient_ids: list[int], clinic_id: int = 1, where: str = "test") -> Any:
    return audit_record_listing(
        actor_id=1, actor="alice", clinic_id=clinic_id, patient_ids=patient_ids, detail={"where": where}
    )


def test_a_listing_is_one_signed_line_naming_each_patient_once_in_order() -> None:
    before = audit_record(action="read", actor_id=1, actor="alice", clinic_id=1, patient_id=7)
    chained = listing([9, 3, 9, 5])
    (line,) = AuditEvent.objects.filter(object_type=LISTING)
    assert (line.action, line.patient_id, line.detail) == (
        "read",
        None,
        {"where": "test", "patients": [3, 5, 9]},
    )
    assert (line.previous_hash, line.hash) == (before.hash, chained.hash)
    assert list(AuditListedPatient.objects.order_by("patient_id").values_list("event_id", "clinic_id", "patient_id")) == [
        (line.pk, 1, 3), (line.pk, 1, 5), (line.pk, 1, 9)
    ]  # fmt: skip
    report = audit_verify()
    assert report.intact and report.checked == 2 and report.listings.checked == 1


def test_an_empty_listing_writes_nothing(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert listing([]) is None


@pytest.mark.parametrize("count", [1, 300])
def test_a_listing_costs_the_same_queries_whatever_its_size(
    count: int, django_assert_num_queries: Any
) -> None:
    # A savepoint and its release, the chain's last hash, the line, its patients (PostgreSQL: the lock).
    with django_assert_num_queries(5 + (connection.vendor == "postgresql")):
        listing(list(range(1, count + 1)))


def test_the_audit_pages_patient_filter_finds_a_listing_by_any_patient_it_named_in_its_clinic() -> None:
    alone = audit_record(action="read", actor_id=1, actor="alice", clinic_id=1, patient_id=3)
    listing([3, 4])
    listing([3], clinic_id=2)  # another clinic's listing, and chain
    line = AuditEvent.objects.get(clinic_id=1, object_type=LISTING)
    assert set(audit_events_for_clinic(clinic_id=1, patient_id=3)) == {alone, line}
    assert list(audit_events_for_clinic(clinic_id=1, patient_id=4)) == [line]
    assert list(audit_events_for_clinic(clinic_id=1, patient_id=5)) == []


def test_listed_rows_are_append_only_in_the_database() -> None:
    listing([3, 4])
    for sql in (
        "UPDATE accounts_auditlistedpatient SET patient_id = 99 WHERE patient_id = 3",
        "DELETE FROM accounts_auditlistedpatient WHERE patient_id = 4",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert sorted(AuditListedPatient.objects.values_list("patient_id", flat=True)) == [3, 4]


def _behind_the_back(sql: str, params: list[Any]) -> None:
    """What someone with the database owner's rights could do: the guards off, then `sql`."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_listed_no_update")
            cursor.execute("DROP TRIGGER audit_listed_no_delete")
        else:
            cursor.execute("ALTER TABLE accounts_auditlistedpatient DISABLE TRIGGER audit_listed_no_change")
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        # Hiding that a patient was seen, by removing or moving their row.
        ("DELETE FROM accounts_auditlistedpatient WHERE patient_id = %s", [4]),
        ("UPDATE accounts_auditlistedpatient SET patient_id = %s WHERE patient_id = 4", [99]),
        # Blaming a reader for a patient they were not shown.
        (
            "INSERT INTO accounts_auditlistedpatient (event_id, clinic_id, patient_id) VALUES (%s, 1, 99)",
            None,
        ),
        # Filing the row under another clinic, where the page's filter will not find it.
        ("UPDATE accounts_auditlistedpatient SET clinic_id = %s WHERE patient_id = 4", [2]),
    ],
)
def test_a_listed_row_changed_behind_the_applications_back_is_found_by_audit_verify(
    sql: str, params: list[Any] | None
) -> None:
    listing([1, 2])
    listing([3, 4])
    second = AuditEvent.objects.filter(object_type=LISTING).order_by("id").last()
    assert second is not None
    _behind_the_back(sql, params if params is not None else [second.pk])
    report = audit_verify()
    assert not report.intact and report.listings.broken_at == second.pk and report.listings.checked == 1
    assert all(chain.intact for chain in report.chains), "the signed lines themselves are untouched"
    with pytest.raises(CommandError, match=f"event {second.pk}"):
        call_command("audit", "verify", stdout=io.StringIO())


def test_rows_naming_a_line_that_is_no_listing_are_found_by_audit_verify() -> None:
    plain = audit_record(action="read", actor_id=1, actor="alice", clinic_id=1, patient_id=3)
    _behind_the_back(
        "INSERT INTO accounts_auditlistedpatient (event_id, clinic_id, patient_id) VALUES (%s, 1, 4)",
        [plain.pk],
    )
    assert audit_verify().listings == ListingReport(0, plain.pk, "it has listed patients but is no listing")


def test_audit_verify_says_how_many_listings_hold() -> None:
    listing([1, 2])
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "listings: 1 name the patients their signed lines name" in out.getvalue()


ids = st.lists(st.integers(1, 50), min_size=1, max_size=6, unique=True).map(sorted)


@given(
    lines=st.lists(ids, max_size=6),
    tamper=st.one_of(st.none(), st.tuples(st.integers(0, 5), st.integers(1, 50))),
)
def test_the_merge_holds_exactly_when_every_listings_rows_are_its_lines(
    lines: list[list[int]], tamper: tuple[int, int] | None
) -> None:
    """Pure: listings 10, 20, … and their rows, one of them perhaps given one patient more or less."""
    events = [(10 * (n + 1), 1, {"patients": named}) for n, named in enumerate(lines)]
    rows = {event_id: list(detail["patients"]) for event_id, _, detail in events}
    changed = None
    if tamper is not None and lines:
        which, patient = tamper
        event_id = events[which % len(events)][0]
        found = rows[event_id]
        rows[event_id] = sorted(set(found) ^ {patient})
        changed = event_id
    groups = iter(
        [
            (event_id, iter([(event_id, 1, p) for p in named]))
            for event_id, named in sorted(rows.items())
            if named
        ]
    )
    report = merge_listings(iter(events), groups)
    assert report.intact == (changed is None)
    assert report.broken_at == changed
