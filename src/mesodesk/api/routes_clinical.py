"""The four stable contracts over HTTP: the same functions the CLI calls, the same JSON.

They hold no patient record and store nothing, so clinics' scripts may call them
without signing in, as they call the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router

from mesodesk.accounts.api_schemas import ErrorOut
from mesodesk.api.schemas import (
    ChartCheckOut,
    ChartIn,
    PlanIn,
    PlanOut,
    ScreeningIn,
    ScreeningOut,
)
from mesodesk.clinic.charting import chart_check
from mesodesk.clinic.planning import preview
from mesodesk.clinic.screening import screen
from mesodesk.knowledge.export import export_knowledge
from mesodesk.knowledge.loader import load_knowledge

router = Router(tags=["clinical core"])

# Anyone may call these without signing in, so a body is refused above this size before it
# is read or parsed (a 2,000-point chart is about 330 KB); signed-in routes take up to
# Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB). README, "HTTP API", states both.
CONTRACT_BODY_MAX_BYTES = 512 * 1024


def _body_capped(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def capped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body for a length it cannot read
        if length > CONTRACT_BODY_MAX_BYTES:
            detail = (
                f"The body is {length:,} bytes; this endpoint takes at most "
                f"{CONTRACT_BODY_MAX_BYTES:,} bytes ({CONTRACT_BODY_MAX_BYTES // 1024} KiB) without sign-in"
            )
            return JsonResponse({"detail": detail}, status=413)
        return view(request, *args, **kwargs)

    return capped


router.add_decorator(_body_capped, mode="view")


def _given(payload: Any) -> dict[str, Any]:
    data: dict[str, Any] = payload.model_dump(exclude_unset=True, mode="python")
    return data


@router.get("/kb", summary="The whole sourced knowledge base, with its conflicts")
def knowledge_base(request: HttpRequest) -> dict[str, Any]:
    return export_knowledge(load_knowledge())


@router.post("/screening", response={200: ScreeningOut, 422: ErrorOut}, summary="Screen a patient")
def screening(request: HttpRequest, payload: ScreeningIn) -> dict[str, Any]:
    return screen(_given(payload), load_knowledge())


@router.post("/plans/preview", response={200: PlanOut, 422: ErrorOut}, summary="Preview a course plan")
def plan_preview(request: HttpRequest, payload: PlanIn) -> dict[str, Any]:
    return preview(_given(payload), load_knowledge())


@router.post("/charts/check", response={200: ChartCheckOut, 422: ErrorOut}, summary="Check a session's chart")
def charts_check(request: HttpRequest, payload: ChartIn) -> dict[str, Any]:
    return chart_check(_given(payload), load_knowledge())
