"""mesodesk's URLs and `/bench/floor/`: a few bytes of JSON through every middleware
mesodesk runs (the session, the clinic scope, two-factor, CSP…), signed in like any page,
and nothing else: what a request costs before a view does any work."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def floor(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True, "signed_in": request.user.is_authenticated})


urlpatterns = [path("bench/floor/", floor), path("", include("mesodesk.urls"))]
