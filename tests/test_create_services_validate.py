"""Create services validate the whole row (full_clean) before saving it: a bad value is
refused with its field named, on SQLite too (which would store an over-long text)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.models import ApiToken, Clinic
from mesodesk.accounts.services import api_token_create
from mesodesk.patients.intake import intake_invitation_create
from mesodesk.patients.models import IntakeInvitation, Patient

pytestmark = pytest.mark.django_db


def test_an_api_token_with_an_over_long_name_is_refused_and_not_kept(alice: Any, clinic_a: Clinic) -> None:
    with pytest.raises(ValidationError) as refused:
        api_token_create(user=alice, clinic=clinic_a, name="n" * 81)
    assert "name" in refused.value.message_dict
    assert not ApiToken.objects.exists()


def test_an_intake_link_in_an_unknown_language_is_refused(alice: Any, patient_a: Patient) -> None:
    with scope(clinic=patient_a.clinic), pytest.raises(ValidationError) as refused:
        intake_invitation_create(patient=patient_a, actor=alice, language="xx")
    assert "language" in refused.value.message_dict
    with scopes_disabled():
        assert not IntakeInvitation.objects.exists()
