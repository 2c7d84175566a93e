"""Handouts printed or e-mailed from the patient page, and the copies kept of every document."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mesodesk.accounts.access import section_required
from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.models import AuditAction
from mesodesk.documents.handout import HANDOUT_VERSION, HandoutKind, handout_facts
from mesodesk.documents.letterhead import Paper
from mesodesk.documents.render import Page, document_pdf, render_document
from mesodesk.patients.access import patient_for_request
from mesodesk.patients.document_forms import HandoutForm
from mesodesk.patients.documents import page_for, patient_document_issue
from mesodesk.patients.models import DocumentChannel, Patient, PatientDocument


def deliver(
    request: ClinicRequest,
    *,
    patient: Patient,
    template: str,
    page: Page,
    facts: object,
    kind: str,
    output: str,
    detail: dict[str, object],
) -> HttpResponse:
    """Render, keep the copy, and answer: the page to print, the PDF, or back to the patient
    once the e-mail is queued. Shared by the handouts here and the courses' quotes and summaries."""
    html = render_document(template, page=page, facts=facts)
    channel = DocumentChannel.EMAILED if output == "email" else DocumentChannel.PRINTED
    try:
        document = patient_document_issue(
            patient=patient,
            actor=request.user,
            kind=kind,
            page=page,
            channel=channel,
            pdf=document_pdf(html),
            detail=detail,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
        return redirect(reverse("patients:detail", args=[patient.pseudonym]) + "#documents")
    if output == "email":
        messages.success(request, gettext("The document is queued to be e-mailed to the patient."))
        return redirect(reverse("patients:detail", args=[patient.pseudonym]) + "#documents")
    if output == "pdf":
        return _pdf_response(document)
    back = reverse("patients:detail", args=[patient.pseudonym]) + "#documents"
    return HttpResponse(render_document(template, page=page, facts=facts, screen=True, back_url=back))


def _pdf_response(document: PatientDocument) -> HttpResponse:
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{document.kind}-{document.patient.pseudonym}-v{document.version}.pdf"'
    )
    return response


@section_required("patients")
@require_POST
def handout(request: ClinicRequest, pseudonym: str) -> HttpResponse:
    patient = patient_for_request(request, pseudonym)
    form = HandoutForm(request.POST)
    if not form.is_valid():
        problems = [
            f"{form[name].label}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()
        ]
        messages.error(request, " ".join(problems))
        return redirect(reverse("patients:detail", args=[patient.pseudonym]) + "#documents")
    data = form.cleaned_data
    kind = HandoutKind(data["kind"])
    session_at = timezone.localtime(data["session_at"])
    facts = handout_facts(
        kind=kind,
        indication=data["indication"],
        technique=data["technique"],
        session_at=session_at,
        language=patient.preferred_language,
    )
    return deliver(
        request,
        patient=patient,
        template="documents/handout.html",
        page=page_for(patient, paper=Paper(data["paper"]), version=HANDOUT_VERSION),
        facts=facts,
        kind=kind.value,
        output=data["output"],
        detail={
            "indication": data["indication"],
            "technique": data["technique"],
            "session_at": session_at.isoformat(),
        },
    )


@section_required("patients")
def document_copy(request: ClinicRequest, pseudonym: str, document_id: int) -> HttpResponse:
    """The copy the patient received, as it was; another patient's or clinic's is a 404."""
    patient = patient_for_request(request, pseudonym)
    document = get_object_or_404(
        PatientDocument.objects.select_related("patient"), pk=document_id, patient=patient
    )
    audit_by(
        request.user,
        AuditAction.EXPORT,
        clinic_id=patient.clinic_id,
        patient_id=patient.pk,
        object_type="patient_document",
        object_id=document.pk,
        detail={"reopened": True},
    )
    return _pdf_response(document)
