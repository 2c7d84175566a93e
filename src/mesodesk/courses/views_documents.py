"""A course's quote and summary, from the patient page: the course's sessions and the clinic's
prices, in the patient's language, printed or e-mailed and kept like every patient document."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mesodesk.accounts.access import section_required
from mesodesk.accounts.http import ClinicRequest
from mesodesk.courses.labels import protocol_label
from mesodesk.courses.models import Course, SessionStatus
from mesodesk.courses.selectors import course_cost, course_get, price_list_of
from mesodesk.documents.course_documents import (
    COURSE_DOCUMENT_VERSION,
    CourseDocumentKind,
    CourseFacts,
    Prices,
    SessionLine,
)
from mesodesk.documents.letterhead import Paper
from mesodesk.patients.access import patient_for_request
from mesodesk.patients.document_forms import DocumentOutputForm
from mesodesk.patients.documents import page_for
from mesodesk.patients.views_documents import deliver
from mesodesk.reference.labels import kb_label


class CourseDocumentForm(DocumentOutputForm):
    kind = forms.ChoiceField(
        label=_("Document"),
        choices=[
            (CourseDocumentKind.QUOTE.value, _("Quote")),
            (CourseDocumentKind.SUMMARY.value, _("Course summary")),
        ],
    )


def course_facts(course: Course, kind: CourseDocumentKind, language: str) -> CourseFacts:
    """Built under the patient's language, so labels of codes and statuses are theirs."""
    with translation.override(language):
        cost = course_cost(course)
        prices = price_list_of(course.clinic_id)
        clinician = course.clinician
        return CourseFacts(
            kind=kind,
            language=language,
            protocol=protocol_label(course.protocol_code, course.protocol_name, language),
            indication=kb_label("indications", course.indication, language),
            formulation=kb_label("formulations", course.formulation, language) if course.formulation else "",
            clinician=clinician.get_full_name() or clinician.get_username(),
            sessions=tuple(
                SessionLine(
                    number=s.number,
                    day=s.due,
                    status=str(s.get_status_display()),
                    done=s.status == SessionStatus.DONE,
                )
                for s in course.sessions.all()
            ),
            prices=Prices(
                currency=cost["currency"],
                per_session=cost["per_session"],
                package_sessions=prices.package_sessions,
                package_price=prices.package_price,
                sessions=cost["sessions"],
                packages=cost["packages"],
                total=cost["total"],
            )
            if cost is not None and prices is not None
            else None,
        )


@section_required("patients")
@require_POST
def course_document(request: ClinicRequest, course_id: int) -> HttpResponse:
    """Another clinic's course is a 404 (the clinic scope does not find it)."""
    course = course_get(course_id)
    patient = patient_for_request(request, course.patient.pseudonym)  # audits the read of the record
    form = CourseDocumentForm(request.POST)
    if not form.is_valid():
        problems = [
            f"{form[name].label}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()
        ]
        messages.error(request, " ".join(problems))
        return redirect(reverse("patients:detail", args=[patient.pseudonym]) + "#documents")
    kind = CourseDocumentKind(form.cleaned_data["kind"])
    return deliver(
        request,
        patient=patient,
        template="documents/course_document.html",
        page=page_for(patient, paper=Paper(form.cleaned_data["paper"]), version=COURSE_DOCUMENT_VERSION),
        facts=course_facts(course, kind, patient.preferred_language),
        kind=kind.value,
        output=form.cleaned_data["output"],
        detail={"course": course.pk},
    )
