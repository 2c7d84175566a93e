from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from mesodesk.accounts.audit import audit_record
from mesodesk.accounts.lockout import client_address
from mesodesk.accounts.models import AuditAction, Membership
from mesodesk.accounts.services import sign_in_tally_add


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
    """A failed sign-in for a real person is an audit row in their clinic's chain: the lockout
    allows only a few of them per person and per address. One for a name that belongs to
    nobody, or one a lockout refused without checking, is only counted (sign_in_tally_add):
    a flood of either must not grow the append-only trail without bound.

    Connected before axes' receiver (INSTALLED_APPS order), so `axes_locked_out` here means a
    lockout already in force, not the one this failure may start."""
    # Only the name tried is kept, and only if it is someone's; credentials also hold the password.
    username = str(credentials.get("username", ""))[:150]
    address = client_address(request) if request is not None else ""
    user = get_user_model().objects.filter(username=username).first() if username else None
    if user is None or getattr(request, "axes_locked_out", False):
        sign_in_tally_add(address=address, unknown_name=user is None)
        return
    audit_record(
        action=AuditAction.FAILED_SIGN_IN,
        actor_id=user.pk,
        actor=user.get_username(),
        clinic_id=_first_clinic_id(user),
        detail={"step": "code"} if credentials.get("step") == "code" else {},
    )
