from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.models import AuditEvent
from mesodesk.patients.intake import intake_invitation_create
from mesodesk.patients.models import IntakeInvitation, Patient
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def link_token(client: Client, patient: Patient) -> str:
    html = client.post(f"/patients/{patient.pseudonym}/intake-link/").content.decode()
    match = re.search(r'id="intake-link" href="http://testserver/intake/([^/]+)/"', html)
    assert match, html
    return match.group(1)


def test_a_patient_fills_in_the_intake_once_from_the_link_without_signing_in(
    client: Client, bob: Any, patient_a: Patient
) -> None:
    token = link_token(signed_in(client, bob), patient_a)
    client.logout()
    page = client.get(f"/intake/{token}/")
    assert page.status_code == 200 and "Are you pregnant" in page.content.decode()
    answers = {
        "condition_herpes_tendency": "on",
        "other_allergies": "latex",
        "other_medications": "Kardegic 75",
        "hair_loss_onset_months": "30",
    }
    done = client.post(f"/intake/{token}/", answers)
    assert done.status_code == 200 and "Your answers have been sent" in done.content.decode()
    with scope(clinic=patient_a.clinic):
        history = Patient.objects.get(pk=patient_a.pk).history
    assert history.conditions == ["herpes_tendency"] and history.medications == ["aspirin"]
    assert history.hair_loss_onset_months == 30 and history.updated_through_intake
    assert history.updated_by == ""  # no staff member to name: the page says the patient answered
    again = client.get(f"/intake/{token}/")
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert client.post(f"/intake/{token}/", answers).status_code == 410


def test_the_intake_speaks_the_patients_language(client: Client, bob: Any, patient_a: Patient) -> None:
    with scopes_disabled():
        patient_a.preferred_language = "fr"
        patient_a.save(update_fields=["preferred_language"])
    token = link_token(signed_in(client, bob), patient_a)
    html = client.get(f"/intake/{token}/").content.decode()
    assert "Êtes-vous enceinte" in html and 'lang="fr"' in html


def test_an_expired_link_is_refused(client: Client, bob: Any, patient_a: Patient) -> None:
    with scope(clinic=patient_a.clinic):
        invitation, token = intake_invitation_create(patient=patient_a, actor=bob)
        IntakeInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
    assert client.get(f"/intake/{token}/").status_code == 410


def test_an_unknown_token_is_refused_and_reveals_nothing(client: Client) -> None:
    response = client.get("/intake/not-a-token/")
    assert response.status_code == 410 and "Martin" not in response.content.decode()


def test_bad_intake_answers_are_refused_naming_the_field_and_the_link_stays_usable(
    client: Client, bob: Any, patient_a: Patient
) -> None:
    token = link_token(signed_in(client, bob), patient_a)
    client.logout()
    response = client.post(f"/intake/{token}/", {"hair_loss_onset_months": "soon"})
    assert response.status_code == 422 and "Enter a whole number" in response.content.decode()
    assert client.get(f"/intake/{token}/").status_code == 200


def test_creating_a_link_is_audited_and_only_the_hash_is_kept(
    client: Client, bob: Any, patient_a: Patient
) -> None:
    token = link_token(signed_in(client, bob), patient_a)
    with scopes_disabled():
        invitation = IntakeInvitation.objects.get()
    assert token not in invitation.token_hash
    assert AuditEvent.objects.filter(object_type="intake_invitation", patient_id=patient_a.pk).exists()


def test_the_patient_page_says_the_patient_answered_not_a_link_number(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    from mesodesk.patients.history import HistoryAnswers, history_update

    with scope(clinic=patient_a.clinic):
        history_update(patient=patient_a, answers=HistoryAnswers(), actor=None, intake_link=7)
    signed_in(client, alice)
    page = client.get(f"/patients/{patient_a.pseudonym}/").content.decode()
    assert "intake link 7" not in page
    assert "by the patient, through the online questionnaire" in page
