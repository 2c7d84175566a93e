"""Intake links: valid once, for a limited time, with no sign-in; only the token's hash is kept."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.accounts.tokens import new_token, token_hash
from mesodesk.patients.history import HistoryAnswers, history_update
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
    """The open invitation this token belongs to, or None when unknown, used or expired.

    The link carries no clinic, so this one lookup runs unscoped; everything after it
    runs in the invitation's own clinic."""
    with scopes_disabled():
        invitation = (
            IntakeInvitation.objects.select_related("patient", "clinic")
            .filter(token_hash=token_hash(token))
            .first()
        )
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= timezone.now():
        return None
    return invitation


def intake_language_for_token(token: str) -> str | None:
    """The language of the invitation this token belongs to, even when used or expired, so
    that the page saying so is in the patient's language; None for an unknown token."""
    with scopes_disabled():
        language: str | None = (
            IntakeInvitation.objects.filter(token_hash=token_hash(token))
            .values_list("language", flat=True)
            .first()
        )
    return language


def intake_submit(*, invitation: IntakeInvitation, answers: HistoryAnswers) -> None:
    with transaction.atomic():
        locked = IntakeInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.used_at is not None:
            raise PermissionError("this intake link has already been used")
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at"])
        history_update(
            patient=invitation.patient,
            answers=answers,
            actor=None,
            intake_link=invitation.pk,
        )
