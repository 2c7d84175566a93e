"""API authentication: the browser's session, or a bearer token bound to one clinic."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from mesodesk.accounts.http import attach_membership
from mesodesk.accounts.models import ApiToken, Membership
from mesodesk.accounts.tokens import token_hash


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user", "clinic")
            .filter(key_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        membership = (
            Membership.objects.filter(user=found.user, clinic=found.clinic).select_related("clinic").first()
        )
        if membership is None:
            return None
        request.user = found.user
        attach_membership(request, membership)
        return found.user


class MemberSessionAuth(SessionAuth):
    """The session of a signed-in member (the clinic scope middleware has chosen the clinic)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or getattr(request, "membership", None) is None:
            return None
        return user
