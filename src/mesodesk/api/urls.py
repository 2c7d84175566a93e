"""The HTTP API at /api/v1: one OpenAPI document composed from the domains' routers.

Each app owns its routes (patients/api.py, courses/api.py, scheduling/api.py), which
check the role and open the clinic scope themselves (accounts.http.api_member); this
floor adds who may call them (a session or a bearer token) and the one error shape."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from mesodesk.api import errors
from mesodesk.api.auth import MemberSessionAuth, TokenAuth
from mesodesk.api.documented import DocumentedAPI
from mesodesk.api.routes_clinical import router as clinical_router
from mesodesk.charting.api import router as charting_router
from mesodesk.courses.api import router as courses_router
from mesodesk.inventory.api import router as inventory_router
from mesodesk.outcomes.api import router as outcomes_router
from mesodesk.outcomes.api import setup_router as outcomes_setup_router
from mesodesk.patients.api import router as patients_router
from mesodesk.recall.api import router as recall_router
from mesodesk.registry.api import router as registry_router
from mesodesk.safety.api import events_router, signals_router
from mesodesk.scheduling.api import router as scheduling_router

api = DocumentedAPI(
    title="mesodesk",
    version="1",
    description="The clinical contracts (knowledge base, screening, plan preview, chart check) "
    "and the practice's records. Bad input answers 422 naming the field. Times are in the "
    "clinic's time zone, with its offset.",
    urls_namespace="api",
)
errors.install(api)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found"}, status=404)


members = [TokenAuth(), MemberSessionAuth()]
api.add_router("", clinical_router)  # the contracts hold no record: no sign-in
api.add_router("", patients_router, auth=members)
api.add_router("", courses_router, auth=members)
api.add_router("", scheduling_router, auth=members)
api.add_router("", inventory_router, auth=members)
api.add_router("", charting_router, auth=members)
api.add_router("", events_router, auth=members)
api.add_router("", signals_router, auth=members)
api.add_router("", recall_router, auth=members)
api.add_router("", outcomes_router, auth=members)
api.add_router("", outcomes_setup_router, auth=members)
api.add_router("", registry_router, auth=members)

__all__ = ["api"]
