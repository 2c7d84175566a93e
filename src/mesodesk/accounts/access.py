"""Guards for views: a role may open a section, or the view answers 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from mesodesk.accounts.roles import may_open

View = TypeVar("View", bound=Callable[..., HttpResponse])


def section_required(section: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = getattr(request, "membership", None)
            if membership is None or not may_open(membership.role, section):
                raise PermissionDenied(f"Your role cannot open {section}.")
            return view(request, *args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


def has_role(request: HttpRequest, *roles: str) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role in roles


def require_role(request: HttpRequest, *roles: str) -> None:
    """For actions a section's other roles may not take (a clinician's decision, the prices)."""
    if not has_role(request, *roles):
        raise PermissionDenied("Your role cannot do this.")
