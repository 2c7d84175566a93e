from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mesodesk.accounts.roles import sections_for
from mesodesk.accounts.selectors import memberships_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"nav_sections": [], "membership": None, "idle_timeout_seconds": settings.IDLE_TIMEOUT_SECONDS}
    return {
        # The header's link to a person's own sign-in settings (accounts' catalogue holds it).
        "two_factor_link": _("Two-factor sign-in"),
        "idle_timeout_seconds": settings.IDLE_TIMEOUT_SECONDS,
        "nav_sections": sections_for(membership.role),
        "membership": membership,
        "other_memberships": [m for m in memberships_for(request.user) if m.pk != membership.pk],
    }
