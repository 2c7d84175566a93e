"""The floors' Django applications, served by gunicorn from bench/ (never imported by mesodesk;
the raw WSGI floor is bench/floor_wsgi.py, which imports no framework):

- `/bench/bare/`: a Django view under `floor_bare_settings` (no middleware);
- `/bench/signed-in/`: a Django view under `floor_settings` (mesodesk's settings and its whole
  middleware stack: sessions, sign-in, second factor, idle time-out, the clinic's scope, CSP),
  answering a fixed page to a signed-in member — what every page pays before its own work.
Every other path is mesodesk's own (this module is the floors' ROOT_URLCONF).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from floor_wsgi import BODY


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY)


def signed_in(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    return HttpResponse(BODY)


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/signed-in/", signed_in),
    path("", include("mesodesk.urls")),
]
