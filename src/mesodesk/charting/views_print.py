"""The record's print view and PDF: the same page (charting.printing), each read audited."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse

from mesodesk.accounts.access import section_required
from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.models import AuditAction
from mesodesk.charting.models import SessionRecord
from mesodesk.charting.printing import record_html
from mesodesk.charting.selectors import record_get, record_read
from mesodesk.documents.render import document_pdf

SECTION = "patients"


@section_required(SECTION)
def record_print(request: ClinicRequest, record_id: int) -> HttpResponse:
    record = record_read(user=request.user, record_id=record_id)
    back = reverse("charting:record", args=[record.pk])
    return HttpResponse(record_html(record, screen=True, back_url=back, style_nonce=str(request.csp_nonce)))


def _exported(request: ClinicRequest, record: SessionRecord) -> None:
    audit_by(
        request.user, AuditAction.EXPORT, clinic_id=record.clinic_id, patient_id=record.patient_id,
        object_type="session_record", object_id=record.pk, detail={"pdf": True},
    )  # fmt: skip


@section_required(SECTION)
def record_pdf(request: ClinicRequest, record_id: int) -> HttpResponse:
    record = record_get(record_id)
    pdf = document_pdf(record_html(record))
    _exported(request, record)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="session-{record.patient.pseudonym}-{record.pk}.pdf"'
    return response
