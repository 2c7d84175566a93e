"""The request of a signed-in member, typed, and the one role-and-scope check for API routes.

`ClinicScopeMiddleware` (for a browser session) or the API's token authentication
sets `membership` and `clinic` on the request; a view or route behind
`section_required`/`api_member` receives a `ClinicRequest`, so nothing downstream
needs `getattr` or a `type: ignore` to read them (healthchecks' hc/accounts/http.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.http import HttpRequest
from django_scopes import scope
from ninja.errors import HttpError

from mesodesk.accounts.roles import may_open

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from mesodesk.accounts.models import Clinic, Membership

Route = TypeVar("Route", bound=Callable[..., Any])


class ClinicRequest(HttpRequest):
    membership: Membership
    clinic: Clinic
    user: User
    # django-csp's middleware sets it: the nonce a page gives the one inline style it may hold.
    csp_nonce: str


# The request attribute where ClinicScopeMiddleware leaves (bearer key, membership or None)
# once it has looked an API token up, so that the API's TokenAuth does not look it up again.
TOKEN_LOOKED_UP = "mesodesk_token_looked_up"  # noqa: S105 - an attribute name, not a secret


def attach_membership(request: HttpRequest, membership: Membership | None) -> None:
    """Where the middleware and the token authentication say who is asking, for which clinic."""
    setattr(request, "membership", membership)  # noqa: B010 - HttpRequest declares no such field
    setattr(request, "clinic", membership.clinic if membership else None)  # noqa: B010


def as_clinic_request(request: HttpRequest) -> ClinicRequest | None:
    """The request as a member's, or None when nobody with a role in a clinic is signed in."""
    if getattr(request, "membership", None) is None or not request.user.is_authenticated:
        return None
    return request  # type: ignore[return-value]  # the one place the attributes are vouched for


def api_member(section: str) -> Callable[[Route], Route]:
    """For a router's operations (ninja's `add_decorator`, run after authentication): the
    caller's role must open `section`, and the route runs inside the caller's clinic scope,
    where another clinic's rows do not exist."""

    def decorate(route: Route) -> Route:
        @wraps(route)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            membership = getattr(request, "membership", None)
            if membership is None or not may_open(membership.role, section):
                raise HttpError(403, f"Your role cannot open {section}")
            with scope(clinic=membership.clinic):
                return route(request, *args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate
