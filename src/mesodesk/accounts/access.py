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
