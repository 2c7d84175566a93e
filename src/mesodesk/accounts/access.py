"""Guards for views: a role may open a section, or the view answers 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeAlias

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from mesodesk.accounts.http import ClinicRequest, as_clinic_request
from mesodesk.accounts.roles import may_open

P = ParamSpec("P")
# A view as written (it takes a member's request) and as Django calls it (any request).
MemberView: TypeAlias = Callable[Concatenate[ClinicRequest, P], HttpResponse]
DjangoView: TypeAlias = Callable[Concatenate[HttpRequest, P], HttpResponse]


def section_required(
    section: str,
) -> Callable[
    [Callable[Concatenate[ClinicRequest, P], HttpResponse]],
    Callable[Concatenate[HttpRequest, P], HttpResponse],
]:
    """The view opens for a signed-in member whose role may open `section`, and receives the
    request typed as a ClinicRequest (membership and clinic set); anyone else gets 403."""

    def decorate(view: MemberView[P]) -> DjangoView[P]:
        @wraps(view)
        def guarded(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            member = as_clinic_request(request)
            if member is None or not may_open(member.membership.role, section):
                raise PermissionDenied(f"Your role cannot open {section}.")
            return view(member, *args, **kwargs)

        return login_required(guarded)

    return decorate


def role_required(
    *roles: str,
) -> Callable[
    [Callable[Concatenate[ClinicRequest, P], HttpResponse]],
    Callable[Concatenate[HttpRequest, P], HttpResponse],
]:
    """For pages of a few roles only, across sections (a clinic's protocols, its prices)."""

    def decorate(view: MemberView[P]) -> DjangoView[P]:
        @wraps(view)
        def guarded(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            member = as_clinic_request(request)
            if member is None or member.membership.role not in roles:
                raise PermissionDenied("Your role cannot do this.")
            return view(member, *args, **kwargs)

        return login_required(guarded)

    return decorate


def has_role(request: HttpRequest, *roles: str) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role in roles


def require_role(request: HttpRequest, *roles: str) -> None:
    """For actions a section's other roles may not take (a clinician's decision, the prices)."""
    if not has_role(request, *roles):
        raise PermissionDenied("Your role cannot do this.")
