"""API authentication: the browser's session, or a bearer token bound to one clinic.

ClinicScopeMiddleware has already read either and opened that clinic's scope for the
whole request; these classes tell django-ninja whether the caller is allowed in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from mesodesk.accounts.http import TOKEN_LOOKED_UP, attach_membership
from mesodesk.accounts.selectors import membership_for_api_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        looked_up = getattr(request, TOKEN_LOOKED_UP, None)
        if looked_up is not None and looked_up[0] == token:
            membership = looked_up[1]  # the middleware's answer for this very key
        else:
            membership = membership_for_api_token(token)
        if membership is None:
            return None
        request.user = membership.user
        attach_membership(request, membership)
        return membership.user


class MemberSessionAuth(SessionAuth):
    """The session of a signed-in member (the clinic scope middleware has chosen the clinic)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or getattr(request, "membership", None) is None:
            return None
        return user
