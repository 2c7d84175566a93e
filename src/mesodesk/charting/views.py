"""The session record's pages: parse the form, call a service, show the record again.

Clinicians and assistants open the "patients" section and may read a record; the services
refuse every write from anyone but a clinician, and every change to a signed record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mesodesk.accounts.access import has_role, section_required
from mesodesk.accounts.forms_util import add_service_errors
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.models import Role
from mesodesk.charting import forms
from mesodesk.charting.bodymap import VIEW_BY_CODE, VIEWS
from mesodesk.charting.findings import findings_shown, mark_region
from mesodesk.charting.forms_fast import fast_context
from mesodesk.charting.models import (
    InjectionPoint,
    NappageArea,
    PerfusionSite,
    RecordLocked,
    SessionRecord,
    Syringe,
)
from mesodesk.charting.selectors import (
    amendments_of,
    record_check,
    record_for_appointment,
    record_get,
    record_read,
    syringe_balances,
    syringes_of,
)
from mesodesk.charting.selectors_photos import photo_scope_of
from mesodesk.charting.services import (
    amendment_add,
    checklist_missing,
    record_open,
    record_sign,
    record_update,
)
from mesodesk.charting.services_marks import (
    area_add,
    mark_remove,
    point_add,
    point_update,
    site_add,
    syringe_add,
)
from mesodesk.inventory.selectors import lots_to_count
from mesodesk.scheduling.selectors import appointment_get

SECTION = "patients"
LOCKED_STATUS = 409
MARK_MODELS: dict[str, type[InjectionPoint | NappageArea | PerfusionSite]] = {
    "point": InjectionPoint, "area": NappageArea, "site": PerfusionSite,
}  # fmt: skip


def _syringes(record: SessionRecord) -> Any:
    return Syringe.objects.filter(record=record)


def _page(request: ClinicRequest, record: SessionRecord, status: int = 200, **bound: Any) -> HttpResponse:
    """The record as it stands, with any form the request just failed to submit."""
    view = VIEW_BY_CODE.get(request.GET.get("view", ""), VIEWS[0])
    syringes = syringes_of(record)
    checked = record_check(record, syringes)
    marks: list[dict[str, Any]] = [
        {"number": n, "mark": m, "kind": type(m).__name__, "where": mark_region(m),
         "findings": checked.findings_for(m), "cy": getattr(m, "y", 0) * view.y_scale}
        for n, m in enumerate(checked.marks, start=1)
    ]  # fmt: skip
    initial_details = {name: getattr(record, name) for name in forms.DetailsForm.base_fields}
    next_point = {"view": view.code, "technique": "papule", "depth_mm": "1.5", "needle_gauge": 30,
                  "needle_length_mm": "4", "volume_ml": "0.05",
                  "syringe": syringes[-1].pk if syringes else None}  # fmt: skip
    context = {
        "record": record,
        "view": view,
        "views": VIEWS,
        "marks": marks,
        "marks_here": [m for m in marks if m["mark"].view == view.code],
        "syringes": syringes,
        "balances": syringe_balances(syringes, checked.marks),
        "findings": findings_shown(checked),
        "ok": checked.ok,
        "checklist_missing": checklist_missing(record),
        "amendments": amendments_of(record),
        "details_form": bound.get("details_form") or forms.DetailsForm(initial=initial_details),
        "syringe_form": bound.get("syringe_form")
        or forms.SyringeForm(lots=lots_to_count(), initial={"label": chr(65 + len(syringes))}),
        "point_form": bound.get("point_form")
        or forms.PointForm(syringes=_syringes(record), initial=next_point),
        "area_form": bound.get("area_form")
        or forms.AreaForm(
            syringes=_syringes(record), initial={**next_point, "depth_mm": "1", "pricks_per_second": "3"}
        ),
        "site_form": bound.get("site_form")
        or forms.SiteForm(
            syringes=_syringes(record), initial={**next_point, "depth_mm": "4", "needle_length_mm": "6"}
        ),
        "sign_form": bound.get("sign_form") or forms.SignForm(),
        "amendment_form": bound.get("amendment_form") or forms.AmendmentForm(),
        **fast_context(record, bound),
        # The session's photographs of this view, and the form to take one (photos need consent).
        "photos": [p for p in record.photos.all() if p.view == view.code],
        "photo_scope": photo_scope_of(record.patient),
        "photo_form": bound.get("photo_form")
        or forms.PhotoForm(initial={"view": view.code, "moment": "before"}),
    }
    return render(request, "charting/record.html", context, status=status)


def _after(request: ClinicRequest, record: SessionRecord, view: str = "") -> HttpResponse:
    url = reverse("charting:record", args=[record.pk])
    # Back to the view the mark was placed on (the forms' fields carry their prefix).
    posted = (request.POST.get(f"{prefix}view", "") for prefix in ("point-", "area-", "site-", ""))
    chosen = view or next((v for v in posted if v), "") or request.GET.get("view", "")
    return redirect(f"{url}?view={chosen}#map" if chosen in VIEW_BY_CODE else url)


def _write(
    request: ClinicRequest, record: SessionRecord, name: str, form: django_forms.Form,
    act: Callable[[], Any], done: str,
) -> HttpResponse:  # fmt: skip
    return write_form(request, record, name, form, act, lambda _: done)


def write_form(
    request: ClinicRequest, record: SessionRecord, name: str, form: django_forms.Form,
    act: Callable[[], Any], done: Callable[[Any], str],
) -> HttpResponse:  # fmt: skip
    """Call the service when the form is valid; show its refusal beside the field, or the lock.
    `done` words the success from what the service returned."""
    if form.is_valid():
        try:
            result = act()
        except RecordLocked:
            messages.error(request, gettext("This record is signed: it never changes. Add an amendment."))
            return _page(request, record_get(record.pk), status=LOCKED_STATUS)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not form.errors:
                messages.success(request, done(result))
                return _after(request, record)
    return _page(request, record, status=422, **{name: form})


@section_required(SECTION)
def for_appointment(request: ClinicRequest, appointment_id: int) -> HttpResponse:
    """The hook for the day's appointment: its record, opened on the clinician's request."""
    appointment = appointment_get(appointment_id)
    existing = record_for_appointment(appointment.pk)
    if existing is not None:
        return redirect("charting:record", record_id=existing.pk)
    if request.method == "POST":
        try:
            record = record_open(appointment=appointment, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect("charting:record", record_id=record.pk)
    context = {"appointment": appointment, "may_open": has_role(request, Role.CLINICIAN)}
    return render(request, "charting/open.html", context)


@section_required(SECTION)
def record_page(request: ClinicRequest, record_id: int) -> HttpResponse:
    return _page(request, record_read(user=request.user, record_id=record_id))


@require_POST
@section_required(SECTION)
def details(request: ClinicRequest, record_id: int) -> HttpResponse:
    record = record_get(record_id)
    form = forms.DetailsForm(request.POST)
    return _write(
        request, record, "details_form", form,
        lambda: record_update(record=record, by=request.user, **form.cleaned_data), gettext("Saved."),
    )  # fmt: skip


@require_POST
@section_required(SECTION)
def syringe_new(request: ClinicRequest, record_id: int) -> HttpResponse:
    record = record_get(record_id)
    form = forms.SyringeForm(request.POST, lots=lots_to_count())
    return _write(
        request, record, "syringe_form", form,
        lambda: syringe_add(
            record=record, by=request.user, label=form.cleaned_data["label"], lots=form.lots()
        ),
        gettext("Syringe charted. Its lots are drawn from stock when the session is signed."),
    )  # fmt: skip


def _placed(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "view"}


@require_POST
@section_required(SECTION)
def point_new(request: ClinicRequest, record_id: int) -> HttpResponse:
    record = record_get(record_id)
    form = forms.PointForm(request.POST, syringes=_syringes(record))
    return _write(
        request, record, "point_form", form,
        lambda: point_add(record=record, by=request.user, view=form.cleaned_data["view"],
                          **_placed(form.cleaned_data)),
        gettext("Point added."),
    )  # fmt: skip


@section_required(SECTION)
def point_edit(request: ClinicRequest, record_id: int, point_id: int) -> HttpResponse:
    """The keyboard's way to correct or move a point: its fields in a form."""
    record = record_get(record_id)
    point = get_object_or_404(InjectionPoint.objects.filter(record=record), pk=point_id)
    initial = {name: getattr(point, name) for name in forms.PointForm.base_fields if name != "syringe"}
    form = forms.PointForm(request.POST or None, syringes=_syringes(record),
                           initial={**initial, "syringe": point.syringe_id})  # fmt: skip
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            point_update(point=point, by=request.user, **_placed(form.cleaned_data))
        except RecordLocked:
            messages.error(request, gettext("This record is signed: it never changes. Add an amendment."))
            return _page(request, record, status=LOCKED_STATUS)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Point saved."))
            return _after(request, record, point.view)
    if form.errors:
        status = 422
    context = {"record": record, "point": point, "form": form, "where": mark_region(point)}
    return render(request, "charting/point_edit.html", context, status=status)


@require_POST
@section_required(SECTION)
def point_move(request: ClinicRequest, record_id: int, point_id: int) -> HttpResponse:
    """Where the body map's drag lands a point."""
    record = record_get(record_id)
    point = get_object_or_404(InjectionPoint.objects.filter(record=record), pk=point_id)
    form = forms.MoveForm(request.POST)
    return _write(
        request, record, "move_form", form,
        lambda: point_update(
            point=point, by=request.user, x=form.cleaned_data["x"], y=form.cleaned_data["y"]
        ),
        gettext("Point moved."),
    )  # fmt: skip


@require_POST
@section_required(SECTION)
def mark_delete(request: ClinicRequest, record_id: int, kind: str, mark_id: int) -> HttpResponse:
    record = record_get(record_id)
    model = MARK_MODELS.get(kind)
    if model is None:
        return _page(request, record, status=404)
    mark = cast(InjectionPoint | NappageArea | PerfusionSite,
                get_object_or_404(model.objects.filter(record=record), pk=mark_id))  # fmt: skip
    return _write(
        request, record, "remove_form", django_forms.Form(request.POST),
        lambda: mark_remove(mark=mark, by=request.user), gettext("Removed."),
    )  # fmt: skip


@require_POST
@section_required(SECTION)
def area_new(request: ClinicRequest, record_id: int) -> HttpResponse:
    record = record_get(record_id)
    form = forms.AreaForm(request.POST, syringes=_syringes(record))
    return _write(
        request, record, "area_form", form,
        lambda: area_add(record=record, by=request.user, view=form.cleaned_data["view"],
                         **_placed(form.cleaned_data)),
        gettext("Nappage area added."),
    )  # fmt: skip


@require_POST
@section_required(SECTION)
def site_new(request: ClinicRequest, record_id: int) -> HttpResponse:
    record = record_get(record_id)
    form = forms.SiteForm(request.POST, syringes=_syringes(record))
    return _write(
        request, record, "site_form", form,
        lambda: site_add(record=record, by=request.user, view=form.cleaned_data["view"],
                         **_placed(form.cleaned_data)),
        gettext("Mesoperfusion site added."),
    )  # fmt: skip


@require_POST
@section_required(SECTION)
def sign(request: ClinicRequest, record_id: int) -> HttpResponse:
    record = record_get(record_id)
    form = forms.SignForm(request.POST)
    return _write(
        request, record, "sign_form", form,
        lambda: record_sign(record=record, by=request.user, password=form.cleaned_data["password"]),
        gettext("Signed. The record is locked; stock was drawn from its lots."),
    )  # fmt: skip


@require_POST
@section_required(SECTION)
def amend(request: ClinicRequest, record_id: int) -> HttpResponse:
    record = record_get(record_id)
    form = forms.AmendmentForm(request.POST)
    return _write(
        request, record, "amendment_form", form,
        lambda: amendment_add(record=record, by=request.user, **form.cleaned_data),
        gettext("Amendment added."),
    )  # fmt: skip
