"""The clinic's own outcome scales and its schedules per protocol, as pages: the same roles
and the same services as the API (clinicians and the clinic's administrators write; every
write audited by the service). Another clinic's instrument is a 404. Thin: parse, gate,
call, render."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mesodesk.accounts.access import section_required
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.models import Role
from mesodesk.clinic.outcome_schedule import default_schedule
from mesodesk.clinic.outcomes import BUILT_IN
from mesodesk.courses.labels import protocol_label
from mesodesk.courses.models import ClinicProtocol
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.outcomes.forms_setup import InstrumentForm, ScheduleForm
from mesodesk.outcomes.labels import instrument_name
from mesodesk.outcomes.models import ClinicInstrument, Timepoint
from mesodesk.outcomes.selectors import (
    active,
    clinic_instrument_get,
    clinic_instruments,
    instrument_answer_counts,
    schedules,
)
from mesodesk.outcomes.services import (
    clinic_instrument_retire,
    clinic_instrument_save,
    outcome_schedule_save,
)

WRITERS = (Role.CLINICIAN, Role.CLINIC_ADMIN)


def _gate(request: ClinicRequest) -> None:
    if request.membership.role not in WRITERS:
        raise PermissionDenied("Your role does not set up the clinic's outcome scales.")


def _errors_onto(form: Any, exc: ValidationError) -> None:
    for name, problems in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


@section_required("outcomes")
def instrument_list(request: ClinicRequest) -> HttpResponse:
    _gate(request)
    counts = instrument_answer_counts()
    rows = [{"own": own, "answers": counts.get(code, 0)} for code, own in clinic_instruments().items()]
    return render(request, "outcomes/setup/instruments.html", {"rows": rows})


def _instrument_page(
    request: ClinicRequest, form: InstrumentForm, own: ClinicInstrument | None, status: int = 200
) -> HttpResponse:
    return render(request, "outcomes/setup/instrument_form.html", {"form": form, "own": own}, status=status)


@section_required("outcomes")
def instrument_edit(request: ClinicRequest, instrument_id: int | None = None) -> HttpResponse:
    """A new instrument (no `instrument_id`) or one of the clinic's own changed."""
    _gate(request)
    own = clinic_instrument_get(instrument_id) if instrument_id is not None else None
    if request.method != "POST":
        return _instrument_page(request, InstrumentForm(instance=own), own)
    form = InstrumentForm(request.POST, instance=own)
    if form.is_valid():
        try:
            clinic_instrument_save(
                clinic_id=request.clinic.pk, actor=request.user, data=form.cleaned_data, instance=own
            )
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            return redirect("outcomes:instruments")
    return _instrument_page(request, form, own, status=422)


@section_required("outcomes")
@require_POST
def instrument_retire(request: ClinicRequest, instrument_id: int) -> HttpResponse:
    """Retire (or, with `restore`, bring back) one of the clinic's own instruments."""
    _gate(request)
    own = clinic_instrument_get(instrument_id)
    clinic_instrument_retire(own=own, actor=request.user, retired="restore" not in request.POST)
    return redirect("outcomes:instruments")


def _protocols() -> list[dict[str, Any]]:
    """The knowledge base's protocols and the clinic's own: code, label, first indication."""
    found = [
        {"code": p.code, "label": protocol_label(p.code, p.name), "indication": (p.indications or [""])[0]}
        for p in load_knowledge().protocols
    ]
    for own in ClinicProtocol.objects.order_by("code"):
        found.append({"code": own.code, "label": own.name, "indication": (own.indications or [""])[0]})
    return found


@section_required("outcomes")
def schedule_list(request: ClinicRequest) -> HttpResponse:
    _gate(request)
    own = clinic_instruments()
    saved = schedules()
    labels = dict(Timepoint.choices)
    rows = [
        {
            **p,
            "own": p["code"] in saved,
            "items": [
                (
                    instrument_name(str(i.get("instrument")), own),
                    [str(labels.get(tp, tp)) for tp in i.get("timepoints", [])],
                )
                for i in saved.get(p["code"], [])
                if isinstance(i, dict)
            ],
        }
        for p in _protocols()
    ]
    return render(request, "outcomes/setup/schedules.html", {"rows": rows})


@section_required("outcomes")
def schedule_edit(request: ClinicRequest, protocol_code: str) -> HttpResponse:
    """One protocol's schedule: which instrument is due at which timepoint."""
    _gate(request)
    protocol = next((p for p in _protocols() if p["code"] == protocol_code), None)
    if protocol is None:
        raise Http404("No such protocol")
    own = clinic_instruments()
    saved = schedules().get(protocol_code)
    current = (
        tuple((str(i["instrument"]), tuple(i["timepoints"])) for i in saved)
        if saved is not None
        else default_schedule(protocol["indication"])
    )
    names = {code: instrument_name(code, own) for code in [*BUILT_IN, *active(own)]}
    form = ScheduleForm(request.POST if request.method == "POST" else None, names=names, current=current)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                outcome_schedule_save(
                    clinic_id=request.clinic.pk,
                    actor=request.user,
                    protocol_code=protocol_code,
                    items=form.items(),
                )
            except ValidationError as exc:
                field = next(iter(exc.message_dict))
                form.add_error(
                    None,
                    gettext("Choose at least one timepoint for one instrument.")
                    if field == "items"
                    else gettext("This schedule names an instrument that cannot be asked for."),
                )
            else:
                return redirect("outcomes:schedules")
    context = {"form": form, "protocol": protocol, "own": saved is not None}
    return render(request, "outcomes/setup/schedule_form.html", context, status=status)
