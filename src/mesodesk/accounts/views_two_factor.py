"""Two-factor sign-in pages: the code asked after the password, and a person's own set-up
(turn on with a QR code, recovery codes, turn off). The rules are in accounts.two_factor."""

from __future__ import annotations

import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from mesodesk.accounts.forms import CodeForm
from mesodesk.accounts.forms_util import add_service_errors
from mesodesk.accounts.lockout import locked_out
from mesodesk.accounts.middleware import two_factor_required
from mesodesk.accounts.two_factor import (
    has_two_factor,
    qr_svg,
    recovery_codes_left,
    recovery_codes_renew,
    secret_for_typing,
    sign_in_code_check,
    totp_device_confirm,
    totp_device_start,
    two_factor_remove,
)

PENDING = "two_factor_pending"
# Between the password and the code: long enough to open the app, too short to leave it open.
PENDING_SECONDS = 300
WRONG_CODES_BEFORE_RESTART = 5


def start_code_step(request: HttpRequest, user: Any, next_url: str) -> HttpResponse:
    """The password was right and the person has an app: ask for its code before signing in."""
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "since": time.time(),
        "next": next_url,
        "wrong": 0,
    }
    return redirect("accounts:sign_in_code")


def sign_in_code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        messages.info(request, _("Please sign in again."))
        return redirect("accounts:sign_in")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return redirect("accounts:sign_in")
    credentials = {"username": user.get_username()}
    if request.method == "POST" and not AxesProxyHandler.is_allowed(request, credentials):
        # Locked out meanwhile (by this name's or this address's failures): no code is tried.
        return locked_out(request, None, credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = sign_in_code_check(user=user, code=form.cleaned_data["code"])
        if device is not None:
            del request.session[PENDING]
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            next_url = pending["next"]
            safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
            return redirect(next_url if next_url and safe else "accounts:dashboard")
        # Counted by the lockout as a failed sign-in for this name from this address.
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username(), "step": "code"}, request=request
        )
        pending["wrong"] += 1
        if pending["wrong"] >= WRONG_CODES_BEFORE_RESTART:
            del request.session[PENDING]
            messages.error(request, _("Too many wrong codes. Please sign in again."))
            return redirect("accounts:sign_in")
        request.session[PENDING] = pending
        form.add_error("code", _("This code is not valid. Wait for the next one and try again."))
    return render(request, "accounts/sign_in_code.html", {"form": form}, status=422 if form.errors else 200)


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """A person's own page: is two-factor sign-in on, and what they may do about it."""
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": has_two_factor(request.user),
            "required": two_factor_required(getattr(request, "membership", None)),
            "codes_left": recovery_codes_left(request.user),
            "form": CodeForm(),
        },
    )


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    device = totp_device_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = totp_device_confirm(user=user, device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # This session has just proven the second factor.
            otp_login(request, device)
            return _show_recovery_codes(request, codes, first=True)
    context = {
        "form": form,
        "qr": qr_svg(device),
        "secret": secret_for_typing(device),
        "required": two_factor_required(getattr(request, "membership", None)),
        "enabled": has_two_factor(user),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    try:
        codes = recovery_codes_renew(user=request.user)  # type: ignore[arg-type]
    except ValidationError:
        return redirect("accounts:two_factor")
    return _show_recovery_codes(request, codes, first=False)


@login_required
@require_POST
def two_factor_off(request: HttpRequest) -> HttpResponse:
    if two_factor_required(getattr(request, "membership", None)):
        raise PermissionDenied("Your role must sign in with two factors.")
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            two_factor_remove(user=request.user, code=form.cleaned_data["code"])  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("accounts:two_factor")
    context = {
        "enabled": True,
        "required": False,
        "codes_left": recovery_codes_left(request.user),
        "form": form,
    }
    return render(request, "accounts/two_factor.html", context, status=422)


def _show_recovery_codes(request: HttpRequest, codes: list[str], *, first: bool) -> HttpResponse:
    # Shown in this answer only: they are not kept anywhere the next page could read them.
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "first": first})
