"""The sign-in lockout's parts that axes calls by name (settings.AXES_*): whose address a
request comes from, and the page a locked-out person sees."""

from __future__ import annotations

import datetime
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mesodesk.accounts.forms import SignInForm


def client_address(request: HttpRequest) -> str:
    """The address a request comes from. Behind a proxy it is the last one in X-Forwarded-For,
    the one our proxy appended: the ones before it are whatever the client chose to send."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if last := forwarded.rsplit(",", 1)[-1].strip():
            return str(last[:45])
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def retry_at(*, address: str, username: str) -> datetime.datetime:
    """When the lockout of this name or address ends: the cool-off after the last failure
    counted (failures while locked are not counted, so the time does not move)."""
    cool_off = get_cool_off() or datetime.timedelta(0)
    last = AccessAttempt.objects.filter(Q(ip_address=address) | Q(username=username)).aggregate(
        last=Max("attempt_time")
    )["last"]
    return (last or timezone.now()) + cool_off


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The sign-in page again, saying why and until when (HTTP 429, the form still there)."""
    username = str((credentials or {}).get("username", "") or request.POST.get("username", ""))[:150]
    until = timezone.localtime(retry_at(address=client_address(request), username=username))
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    form = SignInForm(request, initial={"username": username})
    context = {"form": form, "locked_until": until, "locked_minutes": minutes, "next": ""}
    return render(request, "accounts/sign_in.html", context, status=429)
