from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render

from mesodesk.accounts.access import has_role, section_required
from mesodesk.accounts.forms_util import add_service_errors
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.keyset import keyset_page
from mesodesk.accounts.models import Role
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.access import patient_for_request
from mesodesk.patients.consent import consent_in_force
from mesodesk.patients.display import VERDICTS, finding_rows, history_labels
from mesodesk.patients.document_forms import HandoutForm
from mesodesk.patients.forms import AcknowledgeForm, PatientForm, PatientSearchForm
from mesodesk.patients.models import Patient
from mesodesk.patients.screening import patient_screening
from mesodesk.patients.selectors import PATIENT_ORDER, history_get, patient_search, patients_read_audit
from mesodesk.patients.services import patient_create, patient_update

PAGE_SIZE = 25


@section_required("patients")
def patient_list(request: ClinicRequest) -> HttpResponse:
    form = PatientSearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    # Keyset pages without a count: page N costs what page 1 costs, at any clinic size; a
    # search sorts what the search index found (accounts.keyset, sort_matches).
    page = keyset_page(
        patient_search(query=query),
        order=PATIENT_ORDER,
        cursor=request.GET.get("cursor"),
        size=PAGE_SIZE,
        sort_matches=bool(query),
    )
    # Each name on the page is a read of that record, audited in a fixed number of queries.
    patients_read_audit(user=request.user, patients=page, where="patient_list")
    template = "patients/_rows.html" if request.headers.get("HX-Request") else "patients/list.html"
    return render(request, template, {"form": form, "page": page, "q": query})


@section_required("patients")
def patient_new(request: ClinicRequest) -> HttpResponse:
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            patient = patient_create(actor=request.user, clinic=request.clinic, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("patients:detail", pseudonym=patient.pseudonym)
    return render(request, "patients/new.html", {"form": form}, status=422 if form.errors else 200)


@section_required("patients")
def patient_detail(request: ClinicRequest, pseudonym: str) -> HttpResponse:
    patient = patient_for_request(request, pseudonym)
    kb = load_knowledge()
    indication = request.GET.get("indication", "")
    formulation = request.GET.get("formulation", "")
    if indication not in kb.indication_by_code:
        indication = ""
    if formulation not in kb.formulation_by_code:
        formulation = ""
    screening = (
        patient_screening(patient=patient, indication=indication, formulation=formulation)
        if indication
        else None
    )
    history = history_get(patient)
    partial = bool(request.headers.get("HX-Request"))
    if not partial:
        # The courses section and the documents section both list the courses: one query for both.
        prefetch_related_objects([patient], "courses")
    context = {
        "patient": patient,
        "history": history,
        "history_labels": history_labels(history),
        "reported_allergies": patient.reported_allergies.all(),
        "consents": patient.consents.select_related("template").all(),
        "indications": [i for i in kb.indications if i.treat],
        "formulations": kb.formulations,
        "indication": indication,
        "formulation": formulation,
        "screening": screening,
        "findings": finding_rows(screening) if screening else [],
        "verdict_label": VERDICTS.get(screening.verdict, screening.verdict) if screening else "",
        "sources": kb.source_by_id,
        "consent_required": bool(indication)
        and consent_in_force(patient=patient, indication=indication) is None,
        "acknowledge_form": AcknowledgeForm(),
        "may_acknowledge": has_role(request, Role.CLINICIAN),
        "handout_form": HandoutForm(),
        # The copies handed out, without their PDFs (a page lists them, it does not send them).
        "documents": patient.documents.defer("pdf"),
    }
    template = "patients/_screening.html" if partial else "patients/detail.html"
    return render(request, template, context)


@section_required("patients")
def patient_edit(request: ClinicRequest, pseudonym: str) -> HttpResponse:
    patient = patient_for_request(request, pseudonym)
    form = PatientForm(request.POST or None, instance=patient)
    if request.method == "POST" and form.is_valid():
        try:
            patient_update(
                patient=Patient.objects.get(pk=patient.pk), actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("patients:detail", pseudonym=patient.pseudonym)
    return render(
        request, "patients/edit.html", {"form": form, "patient": patient}, status=422 if form.errors else 200
    )
