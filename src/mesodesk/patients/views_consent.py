from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mesodesk.accounts.access import section_required
from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.forms_util import add_service_errors
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.models import AuditAction
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.access import patient_for_request
from mesodesk.patients.consent import clinic_prices, consent_revoke, consent_sign, consent_template_current
from mesodesk.patients.forms import ConsentForm, RevokeForm
from mesodesk.patients.models import Consent
from mesodesk.reference.labels import kb_label


@section_required("patients")
def consent_new(request: ClinicRequest, pseudonym: str) -> HttpResponse:
    patient = patient_for_request(request, pseudonym)
    indication = request.GET.get("indication", "")
    if indication not in load_knowledge().indication_by_code:
        raise Http404("Choose an indication for the consent.")
    # The patient reads and signs this page on the tablet: all of it in their language.
    with translation.override(patient.preferred_language):
        template = consent_template_current(indication, patient.preferred_language)
        form = ConsentForm(request.POST or None)
        consent = None
        if request.method == "POST" and form.is_valid():
            try:
                consent = consent_sign(
                    patient=patient, indication=indication, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
        if consent is None:
            return render(
                request,
                "patients/consent_new.html",
                {
                    "patient": patient,
                    "template": template,
                    "form": form,
                    "indication": indication,
                    "prices": clinic_prices(patient.clinic),
                    "clinic_name": patient.clinic.name,
                },
                status=422 if form.errors else 200,
            )
    # Back to the staff's screen, in the staff's language.
    messages.success(
        request,
        gettext("Consent for %(indication)s, version %(version)d, signed and stored as PDF.")
        % {"indication": kb_label("indications", indication), "version": consent.template.version},
    )
    return redirect("patients:detail", pseudonym=patient.pseudonym)


@section_required("patients")
def consent_pdf(request: ClinicRequest, pseudonym: str, consent_id: int) -> HttpResponse:
    patient = patient_for_request(request, pseudonym)
    consent = get_object_or_404(Consent.objects.select_related("template"), pk=consent_id, patient=patient)
    audit_by(
        request.user,
        AuditAction.EXPORT,
        clinic_id=patient.clinic_id,
        patient_id=patient.pk,
        object_type="consent_pdf",
        object_id=consent.pk,
    )
    response = HttpResponse(bytes(consent.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="consent-{patient.pseudonym}-{consent.template.label}.pdf"'
    )
    return response


@section_required("patients")
@require_POST
def consent_withdraw(request: ClinicRequest, pseudonym: str, consent_id: int) -> HttpResponse:
    patient = patient_for_request(request, pseudonym)
    consent = get_object_or_404(Consent, pk=consent_id, patient=patient)
    form = RevokeForm(request.POST)
    if form.is_valid():
        consent_revoke(consent=consent, actor=request.user, **form.cleaned_data)
        messages.success(request, gettext("Withdrawal recorded."))
    else:
        problems = [
            f"{form[name].label}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()
        ]
        messages.error(request, " ".join(problems))
    return redirect("patients:detail", pseudonym=patient.pseudonym)
