from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from mesodesk.accounts.access import section_required
from mesodesk.clinic.planning import plan_course
from mesodesk.knowledge.i18n import load_translations
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.reference.pictures import SkinWords, course_timeline_svg, skin_layers_svg
from mesodesk.reference.templatetags.kb import depth, label
from mesodesk.reference.words import timeline_words

PAGES = (
    ("techniques", _("Techniques and depths")),
    ("protocols", _("Protocols")),
    ("indications", _("Indications")),
    ("contraindications", _("Contraindications")),
    ("substances", _("Ingredients and formulations")),
    ("care", _("Before and after a session")),
    ("practice", _("Costs, combinations, outcomes, history")),
    ("sources", _("Sources and conflicts")),
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
    words = SkinWords(
        title=gettext("Skin layers by depth, with the depth band of each injection technique"),
        deeper=gettext("deeper hypodermis"),
        decimal=str(formats.get_format("DECIMAL_SEPARATOR")),
    )
    names = {t.code: label(t.code, "techniques") for t in kb.techniques}
    depths = {t.code: depth(t) for t in kb.techniques}
    # The SVG is built from escaped knowledge-base text only.
    picture = mark_safe(skin_layers_svg(kb.techniques, kb.depth_classes, names, depths, words))  # noqa: S308
    return _render(request, "techniques", {"picture": picture})


@section_required("knowledge")
def protocols(request: HttpRequest) -> HttpResponse:
    kb = load_knowledge()
    today = timezone.localdate()
    words = timeline_words()
    timelines = []
    for p in kb.protocols:
        sessions = plan_course(p.code, today, kb).sessions
        title = gettext("Timeline of %(protocol)s") % {"protocol": label(p.code, "protocols")}
        # The SVG is built from escaped knowledge-base text only.
        timelines.append((p, mark_safe(course_timeline_svg(title, sessions, words=words))))  # noqa: S308
    return _render(request, "protocols", {"timelines": timelines, "today": today})


@section_required("knowledge")
def sources(request: HttpRequest) -> HttpResponse:
    kb = load_knowledge()
    texts, language = load_translations(), get_language() or "en"
    # A template cannot pair each claim's source with its translated text, so the view does.
    conflicts = []
    for c in kb.conflicts:
        topic, claims, followed, why = (
            texts.text("conflicts", c.code, field, language)
            for field in ("topic", "claims", "followed", "why")
        )
        pairs = list(zip((claim.source for claim in c.claims), claims, strict=True))
        conflicts.append({"code": c.code, "topic": topic, "claims": pairs, "followed": followed, "why": why})
    return _render(request, "sources", {"conflicts": conflicts})


def _simple(page: str) -> Callable[[HttpRequest], HttpResponse]:
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
