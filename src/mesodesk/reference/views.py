from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from mesodesk.accounts.access import section_required
from mesodesk.clinic.planning import plan_course
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.reference.pictures import course_timeline_svg, skin_layers_svg

PAGES = (
    ("techniques", "Techniques and depths"),
    ("protocols", "Protocols"),
    ("indications", "Indications"),
    ("contraindications", "Contraindications"),
    ("substances", "Ingredients and formulations"),
    ("care", "Before and after a session"),
    ("practice", "Costs, combinations, outcomes, history"),
    ("sources", "Sources and conflicts"),
)


def _render(request: HttpRequest, page: str, context: dict[str, object] | None = None) -> HttpResponse:
    kb = load_knowledge()
    return render(
        request,
        f"reference/{page}.html",
        {
            "kb": kb,
            "pages": PAGES,
            "page": page,
            "sources_by_id": kb.source_by_id,
            **(context or {}),
        },
    )


@section_required("knowledge")
def index(request: HttpRequest) -> HttpResponse:
    return _render(request, "index")


@section_required("knowledge")
def techniques(request: HttpRequest) -> HttpResponse:
    kb = load_knowledge()
    # The SVG is built from escaped knowledge-base text only.
    picture = mark_safe(skin_layers_svg(kb.techniques, kb.depth_classes))  # noqa: S308
    return _render(request, "techniques", {"picture": picture})


@section_required("knowledge")
def protocols(request: HttpRequest) -> HttpResponse:
    kb = load_knowledge()
    today = timezone.localdate()
    timelines = []
    for p in kb.protocols:
        sessions = plan_course(p.code, today, kb).sessions
        # The SVG is built from escaped knowledge-base text only.
        timelines.append((p, mark_safe(course_timeline_svg(f"Timeline of {p.name}", sessions))))  # noqa: S308
    return _render(request, "protocols", {"timelines": timelines, "today": today})


def _simple(page: str):  # type: ignore[no-untyped-def]
    @section_required("knowledge")
    def view(request: HttpRequest) -> HttpResponse:
        return _render(request, page)

    view.__name__ = page
    return view


indications = _simple("indications")
contraindications = _simple("contraindications")
substances = _simple("substances")
care = _simple("care")
practice = _simple("practice")
sources = _simple("sources")
