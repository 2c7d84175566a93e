"""Intake links: valid once, for a limited time, with no sign-in; only the token's hash is kept."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.accounts.tokens import new_token, token_hash
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.links import link_by_token
from mesodesk.patients.models import IntakeInvitation, Patient


def intake_invitation_create(
    *, patient: Patient, actor: Actor, language: str | None = None
) -> tuple[IntakeInvitation, str]:
    """A new link for the patient; the token is returned once, to be shown or sent."""
    token = new_token()
    hours = settings.INTAKE_LINK_HOURS
    with transaction.atomic():
        invitation = IntakeInvitation(
            clinic=patient.clinic,
            patient=patient,
            token_hash=token_hash(token),
            language=language or patient.preferred_language,
            created_by=actor.get_username(),
            expires_at=timezone.now() + datetime.timedelta(hours=hours),
        )
        invitation.full_clean()
        invitation.save(force_insert=True)
        audit_by(
            actor,
            AuditAction.CREATE,
            clinic_id=patient.clinic_id,
            patient_id=patient.pk,
            object_type="intake_invitation",
            object_id=invitation.pk,
            detail={"valid_hours": hours},
        )
    return invitation, token


def intake_invitation_for_token(token: str) -> IntakeInvitation | None:
    """The invitation this token belongs to, used, expired or open; None when unknown."""
    return link_by_token(IntakeInvitation, token)


def intake_submit(*, invitation: IntakeInvitation, answers: HistoryAnswers) -> None:
    with transaction.atomic():
        locked = IntakeInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_open(timezone.now()):
            raise PermissionError("this intake link has already been used or has expired")
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at"])
        history_update(
            patient=invitation.patient,
            answers=answers,
            actor=None,
            intake_link=invitation.pk,
        )
