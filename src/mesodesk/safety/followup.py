"""Follow-up links: the patient reports what happened after a session, with no sign-in.
Valid once and for `FOLLOW_UP_LINK_DAYS`; only the token's hash is kept (as intake links)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.accounts.tokens import new_token, token_hash
from mesodesk.courses.models import CourseSession
from mesodesk.patients.links import link_by_token
from mesodesk.safety.models import AdverseEvent, FollowUpLink
from mesodesk.safety.services import adverse_event_create

FOLLOW_UP_LINK_DAYS = 14


def follow_up_link_create(*, session: CourseSession, actor: Actor) -> tuple[FollowUpLink, str]:
    """A new link for the session's patient, in their language; the token is returned once."""
    patient = session.course.patient
    token = new_token()
    with transaction.atomic():
        link = FollowUpLink(
            clinic_id=session.clinic_id,
            patient=patient,
            session=session,
            token_hash=token_hash(token),
            language=patient.preferred_language,
            created_by=actor.get_username(),
            expires_at=timezone.now() + datetime.timedelta(days=FOLLOW_UP_LINK_DAYS),
        )
        link.full_clean()
        link.save(force_insert=True)
        audit_by(
            actor,
            AuditAction.CREATE,
            clinic_id=session.clinic_id,
            patient_id=patient.pk,
            object_type="follow_up_link",
            object_id=link.pk,
            detail={"valid_days": FOLLOW_UP_LINK_DAYS},
        )
    return link, token


def follow_up_link_for_token(token: str) -> FollowUpLink | None:
    """The link this token belongs to, used, expired or open; None when unknown."""
    return link_by_token(FollowUpLink, token, "session", "session__course")


def follow_up_submit(
    *, link: FollowUpLink, kind: str, onset: datetime.date, description: str, serious: bool
) -> AdverseEvent:
    """The patient's report: one use, then the link is spent (checked under lock)."""
    with transaction.atomic():
        locked = FollowUpLink.objects.select_for_update().get(pk=link.pk)
        if not locked.is_open(timezone.now()):
            raise PermissionError("this follow-up link has already been used or has expired")
        event = adverse_event_create(
            session=link.session,
            kind=kind,
            onset=onset,
            description=description,
            serious=serious,
            actor=None,
            follow_up_link=link.pk,
        )
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at"])
    return event
