"""E-mailing a patient document, as a task the database-backed worker (`mesodesk worker`) runs:
the request that asked for it answers at once, and a mail server that is down delays nothing."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django_scopes import scopes_disabled
from django_tasks import task

from mesodesk.patients.models import PatientDocument


@task()
def send_patient_document(document_id: int) -> str:
    with scopes_disabled():
        document = PatientDocument.objects.select_related("patient", "clinic").get(pk=document_id)
    patient = document.patient
    # Outcomes are records for the staff and the task queue: stored in English, not shown as is.
    if document.sent_at is not None:
        return "already sent"
    if not patient.email:
        outcome = "not sent: no e-mail address"
        with scopes_disabled():
            PatientDocument.objects.filter(pk=document.pk).update(outcome=outcome)
        return outcome
    with translation.override(document.language):
        name = document.get_kind_display()
        subject = gettext("%(document)s from %(clinic)s") % {"document": name, "clinic": document.clinic.name}
        body = gettext("Dear %(name)s,\n\nplease find attached your %(document)s.\n\n%(clinic)s") % {
            "name": f"{patient.given_name} {patient.family_name}",
            "document": name,
            "clinic": document.clinic.name,
        }
        filename = f"{slugify(str(name)) or 'document'}-{patient.pseudonym}.pdf"
    message = EmailMessage(subject, body, None, [patient.email])
    message.attach(filename, bytes(document.pdf), "application/pdf")
    message.send()
    with scopes_disabled():
        PatientDocument.objects.filter(pk=document.pk).update(sent_at=timezone.now(), outcome="sent")
    return "sent"
