"""Writes to accounts: API tokens for now (handed out once; only their hash is kept)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mesodesk.accounts.models import ApiToken, Clinic, Membership
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
