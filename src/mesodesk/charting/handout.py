"""The after-care handout attached to a session when it is signed: rendered in the patient's
language for the course's indication and the technique charted most, and kept as a
`patients.PatientDocument` with its version (patients.documents.patient_document_issue,
audited). It is made once the signature is committed, so a refused signature makes none and a
handout that fails to render never undoes a signature."""

from __future__ import annotations

import logging
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from mesodesk.accounts.models import Actor
from mesodesk.charting.models import SessionRecord
from mesodesk.charting.selectors import marks_of
from mesodesk.documents.handout import HANDOUT_VERSION, HandoutKind, handout_facts
from mesodesk.documents.letterhead import Paper
from mesodesk.documents.render import document_pdf, render_document
from mesodesk.patients.documents import page_for, patient_document_issue
from mesodesk.patients.models import DocumentChannel, DocumentKind, PatientDocument

logger = logging.getLogger(__name__)


def record_handout(record: SessionRecord) -> PatientDocument | None:
    """The after-care handout attached to this record, if one was."""
    return (
        PatientDocument.objects.filter(
            patient_id=record.patient_id, kind=DocumentKind.AFTER_CARE, detail__session_record=record.pk
        )
        .defer("pdf")
        .first()
    )


def _technique(record: SessionRecord) -> str | None:
    counts = Counter(mark.technique for mark in marks_of(record))
    return counts.most_common(1)[0][0] if counts else None


def handout_attach(*, record: SessionRecord, by: Actor) -> PatientDocument | None:
    """Make and keep the after-care handout of a signed record; the same one on a second call.
    None when the record is a draft, or has no course (no indication to write the handout for)."""
    with scope(clinic=record.clinic):
        record = SessionRecord.objects.select_related(
            "patient__clinic", "appointment", "course_session__course"
        ).get(pk=record.pk)
        technique = _technique(record)
        if not record.signed or record.course_session is None or technique is None:
            return None
        existing = record_handout(record)
        if existing is not None:
            return existing
        patient = record.patient
        session_at = timezone.localtime(record.appointment.start)
        indication = record.course_session.course.indication
        page = page_for(patient, paper=Paper.A4, version=HANDOUT_VERSION)
        facts = handout_facts(
            kind=HandoutKind.AFTER_CARE, indication=indication, technique=technique,
            session_at=session_at, language=page.language,
        )  # fmt: skip
        pdf = document_pdf(render_document("documents/handout.html", page=page, facts=facts))
        return patient_document_issue(
            patient=patient, actor=by, kind=DocumentKind.AFTER_CARE, page=page,
            channel=DocumentChannel.PRINTED, pdf=pdf,
            detail={"session_record": record.pk, "indication": indication, "technique": technique,
                    "session_at": session_at.isoformat()},
        )  # fmt: skip


def handout_on_commit(*, record: SessionRecord, by: Actor) -> None:
    """Called inside the signing transaction: the handout is made once it commits."""

    def attach() -> None:
        try:
            handout_attach(record=record, by=by)
        except Exception:  # a handout that fails to render leaves the signed record as it is
            logger.exception("after-care handout of session record %s not made", record.pk)

    transaction.on_commit(attach)
