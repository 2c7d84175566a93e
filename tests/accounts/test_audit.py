from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import Client

from mesodesk.accounts.audit import GENESIS, audit_record, audit_verify
from mesodesk.accounts.models import AuditEvent
from mesodesk.patients.models import Patient
from tests.conftest import signed_in


def three_events() -> list[AuditEvent]:
    return [
        audit_record(
            action="read",
            actor_id=1,
            actor="alice",
            clinic_id=1,
            object_type="patient",
            object_id=str(i),
        )
        for i in range(3)
    ]


@pytest.mark.django_db
def test_events_form_a_chain_from_the_genesis() -> None:
    first, second, third = three_events()
    assert first.previous_hash == GENESIS
    assert second.previous_hash == first.hash and third.previous_hash == second.hash
    assert audit_verify().intact and audit_verify().checked == 3


@pytest.mark.django_db
def test_editing_or_deleting_an_audit_row_is_refused_by_the_model_layer() -> None:
    event = three_events()[0]
    event.actor = "mallory"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(actor="mallory")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_raw_sql_updates_and_deletes_are_refused_by_the_database() -> None:
    event = three_events()[0]
    for sql in (
        "UPDATE accounts_auditevent SET actor = 'mallory' WHERE id = %s",
        "DELETE FROM accounts_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).actor == "alice"


def _drop_guards() -> None:
    """What someone with the database owner's rights could do behind the application's back."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_no_update")
        else:
            cursor.execute("ALTER TABLE accounts_auditevent DISABLE TRIGGER audit_no_change")


@pytest.mark.django_db
def test_a_row_altered_behind_the_applications_back_is_found_by_audit_verify() -> None:
    events = three_events()
    _drop_guards()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET object_id = 'tampered' WHERE id = %s", [events[1].pk])
    report = audit_verify()
    assert report.broken_at == events[1].pk and report.checked == 1
    with pytest.raises(CommandError, match=f"broken at event {events[1].pk}"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_a_row_removed_behind_the_applications_back_breaks_the_next_link() -> None:
    events = three_events()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_no_delete")
        else:
            cursor.execute("ALTER TABLE accounts_auditevent DISABLE TRIGGER audit_no_change")
        cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [events[1].pk])
    assert audit_verify().broken_at == events[2].pk


@pytest.mark.django_db
def test_reading_a_patients_record_writes_an_audit_row(
    client: Client, alice: object, patient_a: Patient
) -> None:
    signed_in(client, alice)
    before = AuditEvent.objects.filter(action="read").count()
    assert client.get(f"/patients/{patient_a.pseudonym}/").status_code == 200
    event = AuditEvent.objects.filter(action="read").latest("id")
    assert AuditEvent.objects.filter(action="read").count() == before + 1
    assert (event.actor, event.patient_id, event.clinic_id, event.object_id) == (
        "alice",
        patient_a.pk,
        patient_a.clinic_id,
        patient_a.pseudonym,
    )


@pytest.mark.django_db
def test_sign_in_failed_sign_in_and_sign_out_are_audited_without_the_password(
    client: Client, alice: object
) -> None:
    client.post("/sign-in/", {"username": "alice", "password": "wrong password!"})
    client.post("/sign-in/", {"username": "alice", "password": "correct horse battery"})
    client.post("/sign-out/")
    actions = list(AuditEvent.objects.values_list("action", "actor"))
    assert actions == [("failed_sign_in", "alice"), ("sign_in", "alice"), ("sign_out", "alice")]
    assert not AuditEvent.objects.filter(detail__icontains="wrong").exists()
