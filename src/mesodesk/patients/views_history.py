"""The history, its review, intake links and acknowledgements, from the patient page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from mesodesk.accounts.access import section_required
from mesodesk.accounts.http import ClinicRequest
from mesodesk.patients.access import patient_for_request, require_clinician
from mesodesk.patients.forms import AcknowledgeForm, ReviewForm
from mesodesk.patients.history import history_update, reported_allergy_review
from mesodesk.patients.intake import intake_invitation_create
from mesodesk.patients.intake_forms import IntakeForm, initial_from
from mesodesk.patients.models import ReportedAllergy
from mesodesk.patients.screening import finding_acknowledge
from mesodesk.patients.selectors import history_get
from mesodesk.reference.labels import kb_label

# The acknowledgement form's fields, as the page names them.
_ACKNOWLEDGE_FIELDS = {
    "reason": gettext_lazy("Reason for going ahead"),
    "code": gettext_lazy("Finding"),
    "indication": gettext_lazy("Indication"),
    "formulation": gettext_lazy("Formulation"),
}


@section_required("patients")
def history_edit(request: ClinicRequest, pseudonym: str) -> HttpResponse:
    patient = patient_for_request(request, pseudonym)
    form = IntakeForm(request.POST or None, initial=initial_from(history_get(patient)))
    if request.method == "POST" and form.is_valid():
        history_update(
            patient=patient,
            answers=form.answers(),
            actor=request.user,
        )
        messages.success(request, gettext("History saved; the screening below uses it."))
        return redirect("patients:detail", pseudonym=patient.pseudonym)
    return render(
        request,
        "patients/history.html",
        {"form": form, "patient": patient},
        status=422 if form.errors else 200,
    )


@section_required("patients")
@require_POST
def intake_link_create(request: ClinicRequest, pseudonym: str) -> HttpResponse:
    patient = patient_for_request(request, pseudonym)
    invitation, token = intake_invitation_create(patient=patient, actor=request.user)
    link = request.build_absolute_uri(reverse("intake", args=[token]))
    return render(
        request, "patients/intake_link.html", {"patient": patient, "link": link, "invitation": invitation}
    )


@section_required("patients")
@require_POST
def allergy_review(request: ClinicRequest, pseudonym: str, allergy_id: int) -> HttpResponse:
    require_clinician(request)
    patient = patient_for_request(request, pseudonym)
    allergy = get_object_or_404(ReportedAllergy, pk=allergy_id, patient=patient)
    form = ReviewForm(request.POST)
    if form.is_valid():
        reported_allergy_review(allergy=allergy, note=form.cleaned_data["note"], actor=request.user)
        messages.success(request, gettext("Reviewed: %(allergy)s.") % {"allergy": allergy.text})
    else:
        problems = " ".join(str(e) for e in form.errors.get("note", [])) or gettext(
            "say what the review found."
        )
        messages.error(request, gettext("Review: %(problems)s") % {"problems": problems})
    return redirect("patients:detail", pseudonym=patient.pseudonym)


@section_required("patients")
@require_POST
def acknowledge(request: ClinicRequest, pseudonym: str) -> HttpResponse:
    require_clinician(request)
    patient = patient_for_request(request, pseudonym)
    form = AcknowledgeForm(request.POST)
    target = reverse("patients:detail", args=[patient.pseudonym])
    if not form.is_valid():
        problems = [str(e) for e in form.errors.get("reason", [gettext("This field is required.")])]
        messages.error(
            request, gettext("Reason for going ahead: %(problems)s") % {"problems": " ".join(problems)}
        )
        return redirect(target)
    data = form.cleaned_data
    try:
        finding_acknowledge(
            patient=patient,
            indication=data["indication"],
            formulation=data["formulation"],
            code=data["code"],
            reason=data["reason"],
            actor=request.user,
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            name = _ACKNOWLEDGE_FIELDS.get(field, field)
            messages.error(request, f"{name}: {' '.join(errors)}")
    else:
        finding = kb_label("contraindications", data["code"])
        messages.success(request, gettext("Acknowledged: %(finding)s.") % {"finding": finding})
    query = f"?indication={data['indication']}&formulation={data['formulation']}"
    return redirect(target + query)
