from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_scopes import scope

from mesodesk.accounts.http import TOKEN_LOOKED_UP, attach_membership
from mesodesk.accounts.models import Membership, Role
from mesodesk.accounts.selectors import active_membership, membership_for_api_token

# Refreshing the idle clock on every request would write the session every time;
# a minute's precision is plenty for a 15-minute limit.
_REFRESH_SECONDS = 60


class IdleTimeoutMiddleware:
    """Signs a person out after `IDLE_TIMEOUT_SECONDS` without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get("last_seen")
            if last_seen is not None and now - last_seen > settings.IDLE_TIMEOUT_SECONDS:
                request.sign_out_reason = "idle"  # type: ignore[attr-defined]
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "Signed out after inactivity"}, status=401)
                query = urlencode({"idle": "1", "next": request.get_full_path()})
                return redirect(f"{reverse(settings.LOGIN_URL)}?{query}")
            if last_seen is None or now - last_seen > _REFRESH_SECONDS:
                request.session["last_seen"] = now
        return self.get_response(request)


class ClinicScopeMiddleware:
    """Activates the clinic scope for the request, so scoped models see that clinic only.

    With no signed-in member there is no scope, and any query on a clinical model raises.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = active_membership(request)
        if membership is None and request.path.startswith("/api/"):
            # A script's bearer token: the scope must cover the whole request, the building of
            # the answer included, as it does for a browser's session.
            membership = _token_membership(request)
            if membership is not None:
                request.user = membership.user
        attach_membership(request, membership)
        if membership is None:
            return self.get_response(request)
        with scope(clinic=membership.clinic):
            return self.get_response(request)


def _token_membership(request: HttpRequest) -> Membership | None:
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    membership = membership_for_api_token(key.strip())
    # The API's TokenAuth reads the same header next: it takes this answer, not a second lookup.
    setattr(request, TOKEN_LOOKED_UP, (key.strip(), membership))
    return membership


# The roles that see a clinic's running or a network's figures: their accounts are worth more
# to an attacker, so a password alone never opens them.
TWO_FACTOR_ROLES = frozenset({Role.CLINIC_ADMIN, Role.NETWORK_ANALYST})
# What such a person may still open before setting up their second factor.
_BEFORE_TWO_FACTOR = ("/account/two-factor/", "/sign-out/", "/i18n/")


def two_factor_required(membership: Membership | None) -> bool:
    return membership is not None and membership.role in TWO_FACTOR_ROLES


class TwoFactorRequiredMiddleware:
    """Sends a clinic administrator or network analyst signed in without a second factor to
    set one up, before anything else. After ClinicScopeMiddleware (it reads the role).

    A script's API bearer token is not a browser session and is left alone: it is handed out
    by the command line to someone who already holds the server."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = getattr(request, "membership", None)
        if (
            two_factor_required(membership)
            and SESSION_KEY in request.session
            and not request.user.is_verified()  # type: ignore[union-attr]  # set by OTPMiddleware
            and not request.path.startswith(_BEFORE_TWO_FACTOR)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Set up two-factor sign-in first"}, status=403)
            return redirect("accounts:two_factor_setup")
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer the application builds: pages, JSON, PDFs
    and calendar feeds can all carry patient data, and a shared computer's browser cache or
    a proxy must keep none of it. Static files are answered above this (WhiteNoise) and keep
    their long caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response
