from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from mesodesk.accounts.audit import audit_record
from mesodesk.accounts.models import AuditAction, Membership


def _first_clinic_id(user: Any) -> int | None:
    return Membership.objects.filter(user=user).order_by("id").values_list("clinic_id", flat=True).first()


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(
        action=AuditAction.SIGN_IN,
        actor_id=user.pk,
        actor=user.get_username(),
        clinic_id=_first_clinic_id(user),
    )


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        reason = getattr(request, "sign_out_reason", "asked")
        audit_record(
            action=AuditAction.SIGN_OUT,
            actor_id=user.pk,
            actor=user.get_username(),
            clinic_id=_first_clinic_id(user),
            detail={"reason": reason},
        )


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the name tried is kept; the credentials dict also holds the password.
    audit_record(
        action=AuditAction.FAILED_SIGN_IN,
        actor_id=None,
        actor=str(credentials.get("username", ""))[:150],
    )
