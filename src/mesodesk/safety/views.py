"""Staff pages: report an event after a session, hand the patient a follow-up link, the
clinic's events and signals; the analysts' network view. Thin: forms, selectors, services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mesodesk.accounts.access import role_required, section_required
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.models import Role
from mesodesk.accounts.roles import may_open
from mesodesk.courses.models import CourseSession
from mesodesk.patients.selectors import patients_read_audit
from mesodesk.safety.followup import follow_up_link_create
from mesodesk.safety.forms import AdverseEventForm
from mesodesk.safety.kinds import kind_label
from mesodesk.safety.selectors import (
    adverse_event_get_for_user,
    adverse_events,
    key_label,
    network_signals,
    signal_get,
)
from mesodesk.safety.services import adverse_event_create, adverse_event_review

LIST_LIMIT = 200


def _session(session_id: int) -> CourseSession:
    """The active clinic's session, or 404 (another clinic's does not exist in the scope)."""
    session = CourseSession.objects.select_related("course", "course__patient").filter(pk=session_id).first()
    if session is None:
        raise Http404("No such session")
    return session


def _rows(events: Any) -> list[dict[str, Any]]:
    return [{"event": e, "kind": kind_label(e.kind)} for e in events]


@section_required("patients")
def report(request: ClinicRequest, session_id: int) -> HttpResponse:
    session = _session(session_id)
    form = AdverseEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = adverse_event_create(session=session, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, gettext("Adverse event recorded."))
            return redirect("safety:event", event_id=event.pk)
    patients_read_audit(user=request.user, patients=[session.course.patient], where="adverse event report")
    return render(
        request,
        "safety/report.html",
        {"form": form, "session": session, "patient": session.course.patient},
        status=422 if form.errors else 200,
    )


@section_required("patients")
@require_POST
def follow_up_link(request: ClinicRequest, session_id: int) -> HttpResponse:
    session = _session(session_id)
    link, token = follow_up_link_create(session=session, actor=request.user)
    url = request.build_absolute_uri(reverse("follow_up", args=[token]))
    return render(
        request,
        "safety/follow_up_link.html",
        {
            "session": session,
            "patient": session.course.patient,
            "link": link,
            "url": url,
        },
    )


@section_required("safety")
def events(request: ClinicRequest) -> HttpResponse:
    names = may_open(request.membership.role, "patients")
    rows = list(adverse_events()[:LIST_LIMIT])
    if names:
        patients_read_audit(user=request.user, patients=[e.patient for e in rows], where="adverse events")
    return render(request, "safety/events.html", {"rows": _rows(rows), "names": names})


@section_required("patients")
def event_detail(request: ClinicRequest, event_id: int) -> HttpResponse:
    event = adverse_event_get_for_user(user=request.user, event_id=event_id)
    return render(
        request,
        "safety/event.html",
        {
            "event": event,
            "kind": kind_label(event.kind),
            "may_review": request.membership.role == Role.CLINICIAN,
        },
    )


@section_required("patients")
@require_POST
def event_review(request: ClinicRequest, event_id: int) -> HttpResponse:
    if request.membership.role != Role.CLINICIAN:
        raise PermissionDenied("Only a clinician reviews a patient's report.")
    event = adverse_event_get_for_user(user=request.user, event_id=event_id)
    adverse_event_review(event=event, actor=request.user)
    messages.success(request, gettext("Reviewed."))
    return redirect("safety:event", event_id=event.pk)


@section_required("safety")
def signal_detail(request: ClinicRequest, signal_id: int) -> HttpResponse:
    signal = signal_get(signal_id)
    names = may_open(request.membership.role, "patients")
    rows = list(signal.events.select_related("patient", "clinician").order_by("onset", "id"))
    if names:
        patients_read_audit(user=request.user, patients=[e.patient for e in rows], where="safety signal")
    # The recall of the signal's lot or product, for the roles that open the stock (a link by
    # URL name in the template: recall sits above safety, which never imports it).
    recall = signal.dimension in ("lot", "product") and may_open(request.membership.role, "inventory")
    return render(
        request,
        "safety/signal.html",
        {
            "signal": signal, "shared": key_label(signal, names=names), "rows": _rows(rows), "names": names,
            "recall": recall,
        },
    )  # fmt: skip


@role_required(Role.NETWORK_ANALYST)
def network(request: ClinicRequest) -> HttpResponse:
    """Pseudonyms, types and dates only: analysts never see a name."""
    found = [
        {
            "signal": s,
            "shared": key_label(s, names=False),
            "rows": _rows(sorted(s.events.all(), key=lambda e: (e.onset, e.pk))),
        }
        for s in network_signals(request).order_by("-last_onset")
    ]
    return render(request, "safety/network.html", {"signals": found})
