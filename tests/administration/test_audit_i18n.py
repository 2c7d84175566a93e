"""The audit page in French: actions by their French label, never by their stored code."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation

from mesodesk.accounts.audit import audit_record
from mesodesk.accounts.models import AuditEvent, Clinic
from tests.accounts.test_i18n import visible_text
from tests.conftest import signed_in


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    translation.activate("en")


@pytest.mark.django_db
def test_the_audit_page_in_french_shows_actions_by_their_french_label(
    client: Client, carol: object, clinic_a: Clinic
) -> None:
    audit_record(action="failed_sign_in", actor_id=None, actor="mallory", clinic_id=clinic_a.pk)
    audit_record(action="export", actor_id=1, actor="alice", clinic_id=clinic_a.pk, object_type="patient")
    signed_in(client, carol)
    text = visible_text(client.get("/administration/audit/", HTTP_ACCEPT_LANGUAGE="fr").content)
    assert "Échec de connexion" in text and "Export" in text
    assert "failed_sign_in" not in text and "Failed sign-in" not in text
    assert "Journal d'audit" in text
    for title in ("Date", "Personne", "Action", "Objet", "Identifiant de l'objet", "Patient"):
        assert title in text
    # Only the label is translated: the stored code stays as it was written.
    assert AuditEvent.objects.filter(action="failed_sign_in", actor="mallory").exists()


@pytest.mark.django_db
def test_the_audit_filters_explain_a_reversed_period_in_german(client: Client, carol: object) -> None:
    signed_in(client, carol)
    response = client.get(
        "/administration/audit/", {"start": "2026-05-02", "end": "2026-05-01"}, HTTP_ACCEPT_LANGUAGE="de"
    )
    text = visible_text(response.content)
    assert "Das Ende des Zeitraums liegt vor seinem Beginn." in text
    assert "Von" in text and "Bis" in text and "Person" in text and "Patienten-ID" in text


@pytest.mark.django_db
def test_a_french_error_names_its_field_with_french_spacing(client: Client, carol: object) -> None:
    """French sets a space before a colon: « Du : Saisissez… », not « Du: Saisissez… »."""
    signed_in(client, carol)
    response = client.get("/administration/audit/", {"start": "2026-13-01"}, HTTP_ACCEPT_LANGUAGE="fr")
    text = visible_text(response.content)
    assert "Du : Saisissez une date valide." in text
    assert "Du: " not in text
