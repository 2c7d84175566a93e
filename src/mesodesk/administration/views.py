"""The audit trail page: a clinic's events, filtered and sorted by every column.

It sits above the domain apps because it names patients by their pseudonym."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mesodesk.accounts.access import section_required
from mesodesk.accounts.audit import LISTING
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.keyset import keyset_page
from mesodesk.accounts.models import AuditEvent
from mesodesk.accounts.selectors import (
    audit_events_for_clinic,
    audit_order,
    person_name_for,
    person_names_for,
)
from mesodesk.administration.forms import AuditFilterForm
from mesodesk.patients.selectors import patient_id_for_pseudonym, pseudonyms_for

# What each audited object is, as a reader says it (the row keeps the code).
OBJECT_LABELS = {
    "acknowledgement": _("acknowledgement of a finding"),
    "adverse_event": _("adverse event"),
    "appointment": _("appointment"),
    "clinic_hours": _("working hours"),
    "clinic_instrument": _("clinic's own outcome instrument"),
    "clinic_letterhead": _("clinic letterhead"),
    "clinic_protocol": _("clinic protocol"),
    "consent": _("consent"),
    "consent_pdf": _("consent (PDF)"),
    "consent_photos": _("consent to photographs"),
    "course": _("course"),
    "course_session": _("course session"),
    "follow_up_link": _("follow-up link"),
    "history": _("medical history"),
    "intake_invitation": _("intake link"),
    "lot": _("product lot"),
    "outcome_link": _("outcome questionnaire link"),
    "outcome_response": _("outcome answer"),
    "outcome_schedule": _("outcome schedule"),
    "patient": _("patient record"),
    LISTING: _("list of patients"),
    "patient_document": _("patient document"),
    "price_list": _("price list"),
    "product": _("product"),
    "recall": _("recall of a lot"),
    "registry_report": _("network registry report"),
    "reported_allergy": _("reported allergy"),
    "photo": _("photograph"),
    "session_record": _("session record"),
}

AUDIT_COLUMNS = (
    ("at", _("When")),
    ("actor", _("Person")),
    ("action", _("Action")),
    ("object_type", _("Object")),
    ("object_id", _("Object id")),
    ("patient_id", _("Patient")),
)


def _patients_cell(event: AuditEvent, pseudonyms: dict[int, str], chosen: str) -> str:
    """Whom the row names: its patient; for a listing, how many it named, or, on a page filtered
    by a patient, that patient (the listing is on the page because it named them)."""
    if event.object_type != LISTING:
        return pseudonyms.get(event.patient_id or 0, "")
    if chosen:
        return chosen
    count = len(event.detail.get("patients", [])) if isinstance(event.detail, dict) else 0
    return ngettext("%(count)d patient", "%(count)d patients", count) % {"count": count}


@section_required("administration")
def audit(request: ClinicRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    chosen = ""  # the patient the page is filtered by, if any
    if form.is_bound and not form.is_valid():
        page = None
    else:
        data = form.cleaned_data if form.is_bound else {}
        patient_id = None
        if data.get("patient"):
            patient_id = patient_id_for_pseudonym(data["patient"]) or -1
            chosen = data["patient"].strip().upper()
        events = audit_events_for_clinic(
            clinic_id=request.clinic.pk,
            start=data.get("start"),
            end=data.get("end"),
            person=data.get("person", ""),
            patient_id=patient_id,
        )
        # Keyset pages on (column, id), each sortable column indexed with the clinic first
        # (accounts.models.AuditEvent): page N costs what page 1 costs, and nothing is counted.
        order = audit_order(data.get("sort") or "-at")
        page = keyset_page(events, order=order, cursor=request.GET.get("cursor"), size=50)
    pseudonyms = pseudonyms_for([e.patient_id for e in page if e.patient_id]) if page is not None else {}
    names = person_names_for([e.actor_id for e in page if e.actor_id]) if page is not None else {}
    sort = request.GET.get("sort") or "-at"
    query = request.GET.copy()
    query.pop("cursor", None)
    query.pop("sort", None)
    columns = [
        {
            "title": title,
            "next_sort": f"-{key}" if sort == key else key,
            "arrow": "▲" if sort == key else ("▼" if sort == f"-{key}" else ""),
        }
        for key, title in AUDIT_COLUMNS
    ]
    return render(
        request,
        "administration/audit.html",
        {
            "form": form,
            "page": page,
            "rows": [
                (
                    e,
                    person_name_for(e.actor_id, e.actor, names),
                    _patients_cell(e, pseudonyms, chosen),
                    OBJECT_LABELS.get(e.object_type, e.object_type),
                )
                for e in page
            ]
            if page is not None
            else [],
            "columns": columns,
            "sort": sort,
            "filter_query": query.urlencode(),
        },
    )
