"""The HTTP API at /api/v1: one OpenAPI document composed from the domains' routers."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from mesodesk.api import errors
from mesodesk.api.routes_clinical import router as clinical_router
from mesodesk.api.routes_patients import router as patients_router
from mesodesk.api.routes_scheduling import router as scheduling_router

api = NinjaAPI(
    title="mesodesk",
    version="1",
    description="The clinical contracts (knowledge base, screening, plan preview, chart check) "
    "and the practice's records. Bad input answers 422 naming the field.",
    urls_namespace="api",
)
errors.install(api)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found"}, status=404)


api.add_router("", clinical_router)
api.add_router("", patients_router)
api.add_router("", scheduling_router)

__all__ = ["ValidationError", "api"]
