"""The session photographs' pages: take one, see one (authorised and audited), compare two.

The picture files live outside the static root; this module's `photo_file` is their only way
out, for a member of the photograph's clinic (another clinic's is a 404, like a missing one)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mesodesk.accounts.access import section_required
from mesodesk.accounts.forms_util import add_service_errors
from mesodesk.accounts.http import ClinicRequest
from mesodesk.charting import forms
from mesodesk.charting.bodymap import VIEW_BY_CODE, VIEWS
from mesodesk.charting.models import Photo
from mesodesk.charting.selectors import record_get
from mesodesk.charting.selectors_photos import photo_read, photo_scope_of, photos_of
from mesodesk.charting.services_photos import photo_add
from mesodesk.charting.views import SECTION, _page
from mesodesk.patients.selectors import patient_get_for_user


@require_POST
@section_required(SECTION)
def photo_new(request: ClinicRequest, record_id: int) -> HttpResponse:
    record = record_get(record_id)
    form = forms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            photo = photo_add(record=record, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Photograph kept, without its metadata."))
            url = reverse("charting:record", args=[record.pk])
            return redirect(f"{url}?view={photo.view}#photos")
    return _page(request, record, status=422, photo_form=form)


@section_required(SECTION)
def photo_file(request: ClinicRequest, photo_id: int) -> HttpResponse:
    photo, path = photo_read(user=request.user, photo_id=photo_id, thumbnail="thumb" in request.GET)
    try:
        data = path.read_bytes()  # at most a few megabytes (LONGEST_SIDE, re-encoded)
    except FileNotFoundError:
        raise Http404("The photograph's file is missing") from None
    response = HttpResponse(data, content_type="image/jpeg")
    # A patient's photograph: never kept by a shared cache or the browser's disk.
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = f'inline; filename="photo-{photo.pk}.jpg"'
    return response


def _pick(photos: list[Photo], wanted: str | None, default: Photo | None) -> Photo | None:
    return next((p for p in photos if str(p.pk) == wanted), default)


@section_required(SECTION)
def photo_compare(request: ClinicRequest, pseudonym: str) -> HttpResponse:
    """Two photographs of one view side by side and under a slider: by default the first
    "before" and the latest photograph, across sessions."""
    patient = patient_get_for_user(user=request.user, patient_pseudonym=pseudonym)
    view = VIEW_BY_CODE.get(request.GET.get("view", ""), VIEWS[0])
    photos = list(photos_of(patient, view.code))
    first = next((p for p in photos if p.moment == "before"), photos[0] if photos else None)
    left = _pick(photos, request.GET.get("a"), first)
    right = _pick(photos, request.GET.get("b"), photos[-1] if len(photos) > 1 else None)
    counts = {code: 0 for code in VIEW_BY_CODE}
    for code in photos_of(patient).values_list("view", flat=True):
        counts[code] += 1
    context = {
        "patient": patient, "view": view, "photos": photos, "left": left, "right": right,
        "views": [(v, counts[v.code]) for v in VIEWS], "photo_scope": photo_scope_of(patient),
    }  # fmt: skip
    return render(request, "charting/photo_compare.html", context)
