"""A patient's documents over HTTP: the copies handed out or e-mailed (listed without their
PDFs), one copy as the PDF the patient received, and a handout issued. Scoped to the caller's
clinic (another clinic's patient or document is a 404) and audited like the pages."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from mesodesk.accounts.api_schemas import DATE_TIME, MAX_ID, DetailOut, ErrorOut, Strict
from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.http import ClinicRequest, api_member
from mesodesk.accounts.models import AuditAction
from mesodesk.clinic.errors import InputError
from mesodesk.documents.handout import HandoutKind
from mesodesk.documents.letterhead import Paper
from mesodesk.patients.documents import handout_issue
from mesodesk.patients.models import PatientDocument
from mesodesk.patients.selectors import patient_get_for_user

router = Router(tags=["documents"])
router.add_decorator(api_member("patients"))

_PDF = {
    "description": "The copy the patient received",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}


class PatientDocumentOut(Schema):
    id: int
    kind: str = Field(description="pre_care, after_care, quote or course_summary")
    version: str
    language: str = Field(description="en, fr or de: the patient's, when it was made")
    paper: str = Field(description="A4 or letter")
    channel: str = Field(description="printed or emailed")
    created_at: datetime.datetime
    created_by: str
    sent_at: datetime.datetime | None = Field(description="For an e-mail: when the worker sent it")
    outcome: str = Field(description="For an e-mail: why it was not sent, if it was not")
    session_record: int | None = Field(description="The signed session it was attached to, if any")

    @staticmethod
    def resolve_session_record(document: PatientDocument) -> int | None:
        value = document.detail.get("session_record") if isinstance(document.detail, dict) else None
        return value if isinstance(value, int) else None


class HandoutIssueIn(Strict):
    kind: Literal["pre_care", "after_care"]
    indication: str = Field(min_length=1, max_length=60, description="An indication's code")
    technique: str = Field(min_length=1, max_length=60, description="A technique's code")
    session_at: str = Field(
        description="ISO 8601 with a time zone, e.g. 2027-01-04T10:00:00+01:00", json_schema_extra=DATE_TIME
    )
    paper: Literal["A4", "letter"] = "A4"
    channel: Literal["printed", "emailed"] = Field(
        "printed", description="emailed queues it to the patient's e-mail address"
    )


def _session_at(value: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise InputError("session_at", "must be an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise InputError("session_at", "must carry a time zone")
    return moment


@router.get("/patients/{patient_id}/documents", response={200: list[PatientDocumentOut], 404: DetailOut})
def list_documents(request: ClinicRequest, patient_id: str) -> list[PatientDocument]:
    """Newest first, without their PDFs."""
    patient = patient_get_for_user(user=request.user, patient_pseudonym=patient_id)
    return list(PatientDocument.objects.filter(patient=patient).defer("pdf"))


@router.post(
    "/patients/{patient_id}/documents/handouts",
    response={201: PatientDocumentOut, 404: DetailOut, 422: ErrorOut},
)
def issue_handout(
    request: ClinicRequest, patient_id: str, payload: HandoutIssueIn
) -> Status[PatientDocument]:
    """A pre-care or after-care handout in the patient's language, kept as a copy (and e-mailed
    when the channel says so). An unknown indication or technique is a 422 naming it."""
    patient = patient_get_for_user(user=request.user, patient_pseudonym=patient_id)
    document = handout_issue(
        patient=patient, actor=request.user, kind=HandoutKind(payload.kind), indication=payload.indication,
        technique=payload.technique, session_at=_session_at(payload.session_at), paper=Paper(payload.paper),
        channel=payload.channel,
    )  # fmt: skip
    return Status(201, document)


# After the handouts' route: "handouts" is no document id.
@router.get(
    "/patients/{patient_id}/documents/{document_id}",
    response={404: DetailOut},
    openapi_extra={"responses": {"200": _PDF}},
)
def fetch_document(request: ClinicRequest, patient_id: str, document_id: int) -> HttpResponse:
    """The PDF as the patient received it; another patient's document is a 404."""
    if not 1 <= document_id <= MAX_ID:
        raise InputError("document_id", "must be a positive id")
    patient = patient_get_for_user(user=request.user, patient_pseudonym=patient_id)
    document = get_object_or_404(PatientDocument.objects.all(), pk=document_id, patient=patient)
    audit_by(
        request.user, AuditAction.EXPORT, clinic_id=patient.clinic_id, patient_id=patient.pk,
        object_type="patient_document", object_id=document.pk, detail={"reopened": True, "api": True},
    )  # fmt: skip
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{document.kind}-{patient.pseudonym}-v{document.version}.pdf"'
    )
    return response
