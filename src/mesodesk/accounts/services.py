"""Writes to accounts: API tokens (handed out once; only their hash is kept) and the tally of
failed sign-ins that name nobody. Two-factor devices: accounts.two_factor."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from mesodesk.accounts.models import ApiToken, Clinic, FailedSignInTally, Membership
from mesodesk.accounts.tokens import new_token, token_hash


def api_token_create(*, user: Any, clinic: Clinic, name: str) -> tuple[ApiToken, str]:
    """A new token; the key is returned once and only its hash is stored."""
    if not Membership.objects.filter(user=user, clinic=clinic).exists():
        raise PermissionError(f"{user} is not a member of {clinic}")
    key = new_token("mdk_")
    token = ApiToken(user=user, clinic=clinic, name=name, key_hash=token_hash(key))
    token.full_clean()
    token.save(force_insert=True)
    return token, key


def api_token_revoke(*, user: Any, clinic: Clinic, name: str) -> int:
    """Revoke every live token of this name; the count says how many there were."""
    return ApiToken.objects.filter(user=user, clinic=clinic, name=name, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# How long the tally of failed sign-ins is kept: long enough to see an attack's shape.
TALLY_DAYS = 90


def sign_in_tally_add(*, address: str, unknown_name: bool) -> None:
    """Count one failed sign-in on its address's row for this hour (created on the first),
    and remove the rows past TALLY_DAYS when an hour's row is created."""
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    field = "unknown_names" if unknown_name else "refused_while_locked"
    address = address[:45]
    with transaction.atomic():
        updated = FailedSignInTally.objects.filter(address=address, hour=hour).update(**{field: F(field) + 1})
        if not updated:
            try:
                with transaction.atomic():
                    FailedSignInTally.objects.create(address=address, hour=hour, **{field: 1})
            except IntegrityError:  # another request created it meanwhile
                FailedSignInTally.objects.filter(address=address, hour=hour).update(**{field: F(field) + 1})
            else:
                FailedSignInTally.objects.filter(hour__lt=hour - datetime.timedelta(days=TALLY_DAYS)).delete()
