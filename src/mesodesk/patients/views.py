from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mesodesk.accounts.access import section_required
from mesodesk.patients.forms import PatientForm, PatientSearchForm
from mesodesk.patients.selectors import patient_get_for_user, patient_search
from mesodesk.patients.services import patient_create

PAGE_SIZE = 25


@section_required("patients")
def patient_list(request: HttpRequest) -> HttpResponse:
    form = PatientSearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = Paginator(patient_search(query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    template = "patients/_rows.html" if request.headers.get("HX-Request") else "patients/list.html"
    return render(request, template, {"form": form, "page": page, "q": query})


@section_required("patients")
def patient_new(request: HttpRequest) -> HttpResponse:
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            patient = patient_create(actor=request.user, clinic=request.clinic, **form.cleaned_data)  # type: ignore[attr-defined]
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("patients:detail", pseudonym=patient.pseudonym)
    return render(request, "patients/new.html", {"form": form}, status=422 if form.errors else 200)


@section_required("patients")
def patient_detail(request: HttpRequest, pseudonym: str) -> HttpResponse:
    patient = patient_get_for_user(user=request.user, patient_pseudonym=pseudonym)
    return render(request, "patients/detail.html", {"patient": patient})
