"""The patient's treatment history: a page of its own, and the fragment the patient page loads
(htmx) into its "Treatments" card, so the patient page itself costs the same whatever the
sessions charted. The patient's read is audited by its access gate."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from mesodesk.accounts.access import section_required
from mesodesk.accounts.http import ClinicRequest
from mesodesk.charting.history import treatment_history
from mesodesk.patients.access import patient_for_request


@section_required("patients")
def history(request: ClinicRequest, pseudonym: str) -> HttpResponse:
    patient = patient_for_request(request, pseudonym)
    context = {"patient": patient, "history": treatment_history(patient, request.GET.get("page"))}
    template = "charting/_history.html" if request.headers.get("HX-Request") else "charting/history.html"
    return render(request, template, context)
