"""The clinic's outcomes dashboard, and a course's outcomes: what is due, what was answered,
the clinician's ratings and the patient's link. Thin: parse, gate, call, render."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mesodesk.accounts.access import section_required
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.models import Role
from mesodesk.clinic.errors import InputError
from mesodesk.clinic.outcome_stats import OrdinalChange
from mesodesk.clinic.outcomes import Instrument
from mesodesk.outcomes.charts import BAR_WIDTH, SLOPE_HEIGHT, SLOPE_LEFT, SLOPE_RIGHT, slopes, stacked
from mesodesk.outcomes.dashboard import DIMENSIONS, outcomes_by
from mesodesk.outcomes.forms import RatingForm
from mesodesk.outcomes.labels import instrument_name, rank_label
from mesodesk.outcomes.links import outcome_link_create
from mesodesk.outcomes.models import ClinicInstrument, Timepoint
from mesodesk.outcomes.selectors import (
    active,
    clinic_instruments,
    course_due,
    course_get_for_outcomes,
    instrument_get,
    instruments,
    patient_responses,
)
from mesodesk.outcomes.services import outcome_response_record
from mesodesk.patients.access import require_clinician


@section_required("outcomes")
def dashboard(request: ClinicRequest) -> HttpResponse:
    """Aggregates only (no patient is named), for the clinic's clinicians and administrators.
    A network analyst is sent to the network's pseudonymized registry instead."""
    if request.membership.role == Role.NETWORK_ANALYST:
        # By name only: the registry sits floors above (no import).
        return redirect(reverse("registry:report"))
    if request.membership.role not in (Role.CLINICIAN, Role.CLINIC_ADMIN):
        raise PermissionDenied("Your role does not read a clinic's outcomes.")
    dimension = request.GET.get("by", "indication")
    if dimension not in DIMENSIONS:
        dimension = "indication"
    own = clinic_instruments()
    known = instruments(own)
    groups = outcomes_by(dimension, known)
    rows = [
        {
            "group": g,
            "segments": stacked(g),
            "paired": [
                {
                    "code": code,
                    "name": instrument_name(code, own),
                    "pairs": p,
                    "diff": d,
                    "ordinal": isinstance(d, OrdinalChange),
                    "chart": slopes(
                        p, _rank_label(known[code], own) if isinstance(d, OrdinalChange) else None
                    ),
                }
                for code, p, d in g.differences
            ],
        }
        for g in groups
    ]
    return render(
        request,
        "outcomes/dashboard.html",
        {
            "dimension": dimension,
            "dimensions": DIMENSIONS,
            "rows": rows,
            "bar_width": BAR_WIDTH,
            "slope": {"height": SLOPE_HEIGHT, "left": SLOPE_LEFT, "right": SLOPE_RIGHT},
        },
    )


def _rank_label(scale: Instrument, own: dict[str, ClinicInstrument]) -> Callable[[float], str]:
    return lambda rank: rank_label(scale, rank, own)


def _course_page(request: ClinicRequest, course_id: int, status: int = 200, **extra: object) -> HttpResponse:
    course = course_get_for_outcomes(course_id)
    own = clinic_instruments()
    known = instruments(own)
    due = course_due(course, own=instruments(active(own)))
    answered = patient_responses(user=request.user, patient=course.patient)
    forms = extra.pop("forms", {})
    assert isinstance(forms, dict)  # noqa: S101 - the views' own argument
    due_rows = [
        {
            "item": item,
            "name": instrument_name(item.instrument, own),
            "form": forms.get((item.instrument, item.timepoint))
            or RatingForm(scale=known[item.instrument], own=own, initial={"timepoint": item.timepoint}),
        }
        for item in due
    ]
    return render(
        request,
        "outcomes/course.html",
        {
            "course": course,
            "patient": course.patient,
            "due": due_rows,
            "patient_timepoints": [
                (tp, Timepoint(tp).label)
                for tp in Timepoint.values
                if any(i.timepoint == tp and i.rater == "patient" for i in due)
            ],
            "responses": [
                {"response": r, "name": instrument_name(r.instrument, own)}
                for r in answered
                if r.course_id == course.pk
            ],
            "may_rate": request.membership.role == Role.CLINICIAN,
            **extra,
        },
        status=status,
    )


@section_required("patients")
def course_outcomes(request: ClinicRequest, course_id: int) -> HttpResponse:
    return _course_page(request, course_id)


@section_required("patients")
@require_POST
def rate(request: ClinicRequest, course_id: int, instrument: str) -> HttpResponse:
    require_clinician(request)
    course = course_get_for_outcomes(course_id)
    try:
        scale = instrument_get(instrument)
    except InputError:
        raise Http404("No such instrument") from None
    form = RatingForm(request.POST, scale=scale, own=clinic_instruments())
    if form.is_valid():
        try:
            outcome_response_record(
                course=course,
                instrument=instrument,
                timepoint=form.cleaned_data["timepoint"],
                answers=form.answers(),
                answered_on=form.cleaned_data["answered_on"],
                actor=request.user,
                rater=scale.rater if scale.rater == "clinician" else "patient",
            )
        except ValidationError as exc:
            for name, problems in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            return redirect("outcomes:course", course_id=course.pk)
    timepoint = request.POST.get("timepoint", "")
    return _course_page(request, course_id, status=422, forms={(instrument, timepoint): form})


@section_required("patients")
@require_POST
def link_create(request: ClinicRequest, course_id: int, timepoint: str) -> HttpResponse:
    course = course_get_for_outcomes(course_id)
    if timepoint not in Timepoint.values:
        raise Http404("No such timepoint")
    try:
        link, token = outcome_link_create(course=course, timepoint=timepoint, actor=request.user)
    except ValidationError as exc:
        errors = [m for ms in exc.message_dict.values() for m in ms]
        return _course_page(request, course_id, status=422, link_errors=errors)
    url = request.build_absolute_uri(reverse("outcome_link", args=[token]))
    return render(
        request, "outcomes/link.html", {"course": course, "patient": course.patient, "link": link, "url": url}
    )
