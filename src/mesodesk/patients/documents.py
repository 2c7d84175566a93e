"""Patient documents handed out or sent: the letterhead and patient line the documents app
renders from, and the record of every copy (its version, language and PDF), audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction, Clinic
from mesodesk.documents.handout import HANDOUT_VERSION, HandoutKind, handout_facts
from mesodesk.documents.letterhead import Letterhead, Paper, PatientLine
from mesodesk.documents.render import Page, document_pdf, render_document
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.document_mail import send_patient_document
from mesodesk.patients.models import DocumentChannel, Patient, PatientDocument


def letterhead_of(clinic: Clinic) -> Letterhead:
    return Letterhead(clinic_name=clinic.name, address=clinic.address, logo=bytes(clinic.logo or b""))


def page_for(patient: Patient, *, paper: Paper, version: str) -> Page:
    """The page every document for this patient shares, in the patient's preferred language."""
    return Page(
        letterhead=letterhead_of(patient.clinic),
        patient=PatientLine(
            family_name=patient.family_name,
            given_name=patient.given_name,
            date_of_birth=patient.date_of_birth,
            pseudonym=patient.pseudonym,
        ),
        language=patient.preferred_language,
        paper=paper,
        version=version,
        issued_at=timezone.now(),
    )


def patient_document_issue(
    *,
    patient: Patient,
    actor: Actor,
    kind: str,
    page: Page,
    channel: str,
    pdf: bytes,
    detail: dict[str, Any],
) -> PatientDocument:
    """Keep the copy handed out (printed) or to be e-mailed, audited; an e-mail is queued for the
    worker once the copy is committed, so a rolled-back request sends nothing."""
    if channel == DocumentChannel.EMAILED and not patient.email:
        raise ValidationError({"channel": gettext("The patient has no e-mail address; add one first.")})
    document = PatientDocument(
        clinic_id=patient.clinic_id,
        patient=patient,
        kind=kind,
        version=page.version,
        language=page.language,
        paper=page.paper.value,
        channel=channel,
        detail=detail,
        pdf=pdf,
        created_by=actor.get_username(),
    )
    document.full_clean()
    with transaction.atomic():
        document.save()
        audit_by(
            actor,
            AuditAction.EXPORT,
            clinic_id=patient.clinic_id,
            patient_id=patient.pk,
            object_type="patient_document",
            object_id=document.pk,
            detail={"kind": kind, "version": page.version, "channel": channel, "language": page.language},
        )
        if channel == DocumentChannel.EMAILED:
            transaction.on_commit(lambda: send_patient_document.enqueue(document.pk))
    return document


def handout_issue(
    *,
    patient: Patient,
    actor: Actor,
    kind: HandoutKind,
    indication: str,
    technique: str,
    session_at: datetime.datetime,
    paper: Paper,
    channel: str,
) -> PatientDocument:
    """A pre-care or after-care handout for `patient`, in their language, kept (and e-mailed when
    asked) through patient_document_issue. Refuses an unknown indication or technique by name."""
    kb = load_knowledge()
    if indication not in kb.indication_by_code:
        raise ValidationError({"indication": gettext("Unknown indication.")})
    if technique not in kb.technique_by_code:
        raise ValidationError({"technique": gettext("Unknown technique.")})
    session_at = timezone.localtime(session_at)
    page = page_for(patient, paper=paper, version=HANDOUT_VERSION)
    facts = handout_facts(
        kind=kind, indication=indication, technique=technique, session_at=session_at, language=page.language
    )
    return patient_document_issue(
        patient=patient,
        actor=actor,
        kind=kind.value,
        page=page,
        channel=channel,
        pdf=document_pdf(render_document("documents/handout.html", page=page, facts=facts)),
        detail={"indication": indication, "technique": technique, "session_at": session_at.isoformat()},
    )
