from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods

from mesodesk.accounts.access import role_required, section_required
from mesodesk.accounts.forms_util import add_service_errors
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.letterhead import clinic_letterhead_update
from mesodesk.accounts.models import Clinic, Role
from mesodesk.courses.forms import SessionRecordForm, course_form, session_record_form
from mesodesk.courses.labels import protocol_label
from mesodesk.courses.models import Course, SessionStatus
from mesodesk.courses.selectors import (
    clinic_protocols,
    course_cost,
    course_get,
    course_session_get,
    course_sessions_page,
    price_list_of,
)
from mesodesk.courses.services import (
    clinic_protocol_create,
    course_create,
    course_session_record,
    price_list_save,
)
from mesodesk.courses.setup_forms import ClinicProtocolForm, LetterheadForm, PriceListForm
from mesodesk.documents.letterhead import Letterhead
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.access import patient_for_request, require_clinician
from mesodesk.reference.pictures import course_timeline_svg
from mesodesk.reference.words import day_texts, timeline_words


@section_required("patients")
def course_new(request: ClinicRequest, pseudonym: str) -> HttpResponse:
    require_clinician(request)
    patient = patient_for_request(request, pseudonym)
    form = course_form(request.POST or None, clinic_id=patient.clinic_id, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            course = course_create(
                patient=patient,
                indication=data["indication"],
                protocol_code=data["protocol"],
                formulation=data["formulation"] or "",
                clinician=request.user,
                start=data["start"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            planned = course.sessions.count()
            messages.success(
                request,
                ngettext(
                    "Course created with %(count)d planned session.",
                    "Course created with %(count)d planned sessions.",
                    planned,
                )
                % {"count": planned},
            )
            return redirect("courses:detail", course_id=course.pk)
    return render(
        request, "courses/new.html", {"form": form, "patient": patient}, status=422 if form.errors else 200
    )


def _course(request: ClinicRequest, course_id: int) -> Course:
    # Scoped: another clinic's course is simply not found.
    course = course_get(course_id)
    patient_for_request(request, course.patient.pseudonym)  # audits the read of the record
    return course


# Sessions shown per page of a course: a course of ten sessions fits on one page, and a
# course of a thousand costs the same to open as one of fifty (keyset pages by number).
SESSIONS_PER_PAGE = 50


def _first_number(request: ClinicRequest) -> int:
    raw = request.GET.get("from", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 2**15 else 1


@section_required("patients")
def course_detail(request: ClinicRequest, course_id: int) -> HttpResponse:
    course = _course(request, course_id)
    first = _first_number(request)
    page = course_sessions_page(course, first=first, size=SESSIONS_PER_PAGE)
    sessions = page.sessions
    labels = {value: str(label) for value, label in SessionStatus.choices}  # translated once a page
    day = day_texts()
    for session in sessions:
        session.status_label = labels[session.status]  # type: ignore[attr-defined]
        session.days = (day(session.due), day(session.earliest), day(session.latest))  # type: ignore[attr-defined]
    done = frozenset(s.number for s in sessions if s.status == SessionStatus.DONE)
    protocol = protocol_label(course.protocol_code, course.protocol_name)
    title = gettext("Sessions of %(protocol)s") % {"protocol": protocol}
    picture = mark_safe(course_timeline_svg(title, sessions, done, timeline_words(day))) if sessions else ""  # noqa: S308
    kb = load_knowledge()
    return render(
        request,
        "courses/detail.html",
        {
            "course": course,
            "protocol": protocol,
            "verdict": _verdict(course.screening.result.get("verdict", "")),
            "patient": course.patient,
            "sessions": sessions,
            # Each row links to courses:session_record, "<course>/sessions/<number>/": the prefix
            # is reversed once here, not once per row.
            "sessions_url": f"{reverse('courses:detail', args=[course.pk])}sessions/",
            "page": page,
            "picture": picture,
            "cost": course_cost(course),
            "reference_costs": kb.costs,
            "formulation_known": course.formulation in kb.formulation_by_code,
        },
    )


def _verdict(code: str) -> str:
    """The screening verdict stored on the snapshot (a code) in the reader's language."""
    verdicts = {
        "eligible": gettext("eligible"),
        "caution": gettext("caution"),
        "contraindicated": gettext("contraindicated"),
    }
    return verdicts.get(code, code)


def _session_problem(form: SessionRecordForm, number: int, field: str, errors: list[str]) -> str:
    # The field by its label, as the form shows it; a service error on no field has none.
    name = str(form.fields[field].label) if field in form.fields else ""
    text = " ".join(errors)
    if not name:
        return gettext("Session %(number)d: %(errors)s") % {"number": number, "errors": text}
    return gettext("Session %(number)d, %(field)s: %(errors)s") % {
        "number": number,
        "field": name,
        "errors": text,
    }


def _session_on_its_page(course: Course, number: int) -> HttpResponse:
    """Back to the course, on the page that lists the session, scrolled to its row."""
    first = (number - 1) // SESSIONS_PER_PAGE * SESSIONS_PER_PAGE + 1
    query = f"?from={first}" if first > 1 else ""
    return HttpResponseRedirect(f"{reverse('courses:detail', args=[course.pk])}{query}#session-{number}")


@section_required("patients")
@require_http_methods(["GET", "POST"])
def session_record(request: ClinicRequest, course_id: int, number: int) -> HttpResponse:
    """One session's record, edited on its own small page: the course page lists its sessions
    without a form per row, so it stays as fast at a thousand sessions as at ten."""
    require_clinician(request)
    course = _course(request, course_id)
    session = course_session_get(course, number)
    if request.method == "GET":
        context = {
            "course": course,
            "patient": course.patient,
            "protocol": protocol_label(course.protocol_code, course.protocol_name),
            "session": session,
            "statuses": SessionStatus.choices,
        }
        return render(request, "courses/session.html", context)
    form = session_record_form(session, request.POST)
    if form.is_valid():
        try:
            course_session_record(session=session, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                messages.error(request, _session_problem(form, number, field, errors))
        else:
            messages.success(request, gettext("Session %(number)d recorded.") % {"number": number})
    else:
        for field, problems in form.errors.items():
            messages.error(request, _session_problem(form, number, field, [str(e) for e in problems]))
    return _session_on_its_page(course, number)


@role_required(Role.CLINICIAN, Role.CLINIC_ADMIN)
def protocols(request: ClinicRequest) -> HttpResponse:
    form = ClinicProtocolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            clinic_protocol_create(clinic_id=request.clinic.pk, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Protocol saved; it can now be chosen when starting a course."))
            return redirect("courses:protocols")
    return render(
        request,
        "courses/protocols.html",
        {"form": form, "own": clinic_protocols(), "reference": load_knowledge().protocols},
        status=422 if form.errors else 200,
    )


@role_required(Role.CLINIC_ADMIN)
def prices(request: ClinicRequest) -> HttpResponse:
    current = price_list_of(request.clinic.pk)
    form = PriceListForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PriceListForm.Meta.fields}
        try:
            price_list_save(clinic_id=request.clinic.pk, actor=request.user, data=data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Prices saved."))
            return redirect("courses:prices")
    return render(
        request,
        "courses/prices.html",
        {"form": form, "reference": load_knowledge().costs},
        status=422 if form.errors else 200,
    )


@role_required(Role.CLINIC_ADMIN)
def letterhead(request: ClinicRequest) -> HttpResponse:
    clinic = request.clinic
    form = LetterheadForm(request.POST or None, request.FILES or None, initial={"address": clinic.address})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["logo"]
        try:
            clinic_letterhead_update(
                clinic=Clinic.objects.get(pk=clinic.pk),
                actor=request.user,
                address=form.cleaned_data["address"],
                logo=upload.read() if upload else None,
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Letterhead saved."))
            return redirect("courses:letterhead")
    shown = Letterhead(clinic_name=clinic.name, address=clinic.address, logo=bytes(clinic.logo or b""))
    return render(
        request,
        "courses/letterhead.html",
        {"form": form, "letterhead": shown},
        status=422 if form.errors else 200,
    )
