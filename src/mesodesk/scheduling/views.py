from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django_scopes import scope

from mesodesk.accounts.access import role_required, section_required
from mesodesk.accounts.forms_util import add_service_errors
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.models import Role
from mesodesk.accounts.roles import may_open
from mesodesk.accounts.selectors import clinicians_of
from mesodesk.courses.labels import protocol_label
from mesodesk.patients.access import patient_shown_to_book
from mesodesk.patients.models import Patient
from mesodesk.scheduling.agenda import (
    agenda_at,
    agenda_cursor_at,
    agenda_filters,
    agenda_page,
    agenda_patients,
)
from mesodesk.scheduling.forms import BookingForm, MoveForm
from mesodesk.scheduling.gates import gate_shown, when_text
from mesodesk.scheduling.ical import (
    calendar_feed_create,
    calendar_feed_for_token,
    calendar_feed_revoke,
    calendar_of,
)
from mesodesk.scheduling.models import Appointment
from mesodesk.scheduling.selectors import (
    appointment_get,
    clinic_hours,
    course_session_to_book,
    feed_appointments,
    rooms,
)
from mesodesk.scheduling.services import (
    BookingBlocked,
    SessionTaken,
    SlotTaken,
    appointment_book,
    appointment_cancel,
    appointment_move,
)
from mesodesk.scheduling.services_start import appointment_start
from mesodesk.scheduling.views_calendar import (
    grid_settings,
    names_read,
    reads_names,
    row_id,
    working_days,
)


def _slot_taken() -> str:
    # Built per call: the sentence is in the language of the request at hand.
    return gettext("Slot taken: the clinician or the room already has an appointment then.")


def _gate_messages(request: HttpRequest, gates: list[dict[str, Any]]) -> None:
    # Warnings and advice the booking went ahead with: title and sentence, never the code.
    for gate in gates:
        messages.warning(request, gettext("%(level_label)s: %(title)s. %(message)s") % gate_shown(gate))


def _field_label(form: BookingForm | MoveForm, name: str) -> str:
    """'Day: ' for a field the form has, nothing for the form as a whole or a service-only field."""
    if name in form.fields:
        return gettext("%(field)s: ") % {"field": form.fields[name].label}
    return ""


def _monday(text: str | None) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(text or "")
    except ValueError:
        day = timezone.localdate()
    return day - datetime.timedelta(days=day.weekday())


def _clinicians(request: ClinicRequest) -> QuerySet[Any]:
    return clinicians_of(request.clinic).order_by("username")


@section_required("calendar")
def calendar_week(request: ClinicRequest) -> HttpResponse:
    """The week (or, with view=day, one day) for all clinicians, one clinician or one room;
    with view=clinicians or view=rooms, one day with a column per clinician or per room."""
    view = request.GET.get("view", "")
    single_day = view in ("day", "clinicians", "rooms")
    monday = _monday(request.GET.get("week"))
    if single_day:
        try:
            monday = datetime.date.fromisoformat(request.GET.get("day", ""))
        except ValueError:
            monday = timezone.localdate()
    span = 1 if single_day else 7
    clinician = request.GET.get("clinician", "")
    room = request.GET.get("room", "")
    # `at`: a click on the grid for an appointment listed on another page opens that page.
    cursor = request.GET.get("cursor") or agenda_cursor_at(row_id(request.GET.get("at", "")))
    hours = clinic_hours(request.clinic)
    names = reads_names(request)  # as on the grid: names for clinicians and assistants, else pseudonyms
    agenda = agenda_page(
        first_day=monday, span=span, clinician_id=row_id(clinician), room_id=row_id(room), cursor=cursor,
        names=names, records=may_open(request.membership.role, "patients"), working_days=working_days(hours),
    )  # fmt: skip
    if names:
        names_read(request, agenda_patients(agenda))
    # The list's pages keep the page's own view, day and filters; its move and cancel forms
    # send the view and the filters on, so that they land back on this view (agenda_at).
    kept = request.GET.copy()
    kept.pop("cursor", None)
    kept.pop("at", None)
    # The grid's arrows ask for the list alone (calendar.js, through htmx): it follows the grid.
    alone = request.headers.get("HX-Target") == "agenda-pages"
    answer = render(
        request,
        "scheduling/_agenda.html" if alone else "scheduling/week.html",
        {
            "agenda": agenda,
            "agenda_open": cursor is not None,
            "kept": f"{kept.urlencode()}&" if kept else "",
            "form_query": urlencode(agenda_filters(request.GET)),
            "monday": monday,
            "previous": monday - datetime.timedelta(days=span),
            "next": monday + datetime.timedelta(days=span),
            "single_day": single_day,
            "clinicians": _clinicians(request),
            "rooms": rooms(),
            "clinician": clinician,
            "room": room,
            "feed_url": request.session.pop("feed_url", None),
            "today": timezone.localdate(),
            "grid": grid_settings(hours, day=monday, single_day=single_day),
            "view": view if single_day else "week",
            "columns": _columns(request, view),
            "is_admin": request.membership.role == Role.CLINIC_ADMIN,
            "books": may_open(request.membership.role, "patients"),
        },
    )
    patch_vary_headers(answer, ["HX-Target"])  # one address, two answers: never one cached for the other
    return answer


def _columns(request: ClinicRequest, view: str) -> list[dict[str, Any]]:
    """The side-by-side day's columns: one per clinician (who books in it) or one per room.
    FullCalendar's resource views are a paid plugin: each column is its own day grid."""
    if view == "clinicians":
        return [
            {"label": c.get_full_name() or c.get_username(), "filter": f"clinician={c.pk}", "clinician": c.pk}
            for c in _clinicians(request)
        ]
    if view == "rooms":
        return [
            {"label": r.name, "filter": f"room={r.pk}", "clinician": ""} for r in rooms().order_by("name")
        ]
    return []


def _slot_chosen(request: ClinicRequest) -> dict[str, Any]:
    """What a click on a free slot of the grid gives: its day, time and clinician."""
    chosen: dict[str, Any] = {}
    try:
        chosen["day"] = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        pass
    try:
        chosen["time"] = datetime.time.fromisoformat(request.GET.get("time", "")).strftime("%H:%M")
    except ValueError:
        pass
    if row_id(request.GET.get("clinician", "")) is not None:
        chosen["clinician"] = int(request.GET["clinician"])
    return chosen


@section_required("calendar")
def book(request: ClinicRequest) -> HttpResponse:
    patient_shown_to_book(request)  # patient records' roles only; audits the read (or 404)
    session = None
    if row_id(request.GET.get("session", "")) is not None:
        session = course_session_to_book(int(request.GET["session"]))
        patient = session.course.patient
        clinician: Any = session.course.clinician
    else:
        patient = get_object_or_404(Patient, pseudonym=request.GET.get("patient", ""))
        clinician = request.user
    initial = {
        "day": session.due if session else timezone.localdate(),
        "time": "09:00",
        "minutes": 30,
        "clinician": clinician.pk,
    }
    initial.update(_slot_chosen(request))
    form = BookingForm(request.POST or None, rooms=rooms(), clinicians=_clinicians(request), initial=initial)
    findings = []
    status = 200
    if request.method == "POST" and form.is_valid():
        start, end = form.span()
        try:
            chosen = form.cleaned_data
            appointment = appointment_book(
                patient=patient, clinician=chosen["clinician"], start=start, end=end, actor=request.user,
                kind=chosen["kind"], room=chosen["room"], course_session=session,
            )  # fmt: skip
        except BookingBlocked as exc:
            findings, status = [gate_shown(f.to_dict()) for f in exc.findings], 422
        except SessionTaken as exc:
            form.add_error(None, str(exc))
            status = 409
        except SlotTaken:
            form.add_error(None, _slot_taken())
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 422
        else:
            _gate_messages(request, appointment.gates)
            messages.success(request, gettext("Booked %(when)s.") % {"when": when_text(appointment.start)})
            return redirect(f"{reverse('scheduling:calendar')}?week={start.date().isoformat()}")
    if form.errors and status == 200:
        status = 422
    return render(
        request,
        "scheduling/book.html",
        {
            "form": form,
            "patient": patient,
            "session": session,
            "protocol": protocol_label(session.course.protocol_code, session.course.protocol_name)
            if session
            else "",
            "findings": findings,
            "names": reads_names(request),
        },
        status=status,
    )


@section_required("calendar")
@require_POST
def cancel(request: ClinicRequest, appointment_id: int) -> HttpResponse:
    appointment = appointment_get(appointment_id)
    appointment_cancel(appointment=appointment, actor=request.user)
    messages.success(request, gettext("Appointment cancelled."))
    back = reverse("scheduling:calendar") + agenda_at(appointment, anchor="agenda", keep=request.GET)
    if request.headers.get("HX-Request"):
        # The list's button posts through htmx (for its confirmation): the browser goes to the
        # list's page itself, rather than htmx swapping a whole calendar page into this one's body.
        answer = HttpResponse(status=204)
        answer["HX-Redirect"] = back
        return answer
    return redirect(back)


@section_required("calendar")
@require_POST
def move(request: ClinicRequest, appointment_id: int) -> HttpResponse:
    appointment = appointment_get(appointment_id)
    form = MoveForm(request.POST)
    target = reverse("scheduling:calendar") + agenda_at(appointment, keep=request.GET)
    if not form.is_valid():
        problems = "; ".join(
            f"{_field_label(form, k)}{' '.join(str(e) for e in v)}" for k, v in form.errors.items()
        )
        messages.error(request, gettext("Not moved: %(problems)s") % {"problems": problems})
        return redirect(target)
    start, end = form.span(keep=appointment.end - appointment.start)
    try:
        appointment = appointment_move(appointment=appointment, start=start, end=end, actor=request.user)
    except BookingBlocked as exc:
        for finding in exc.findings:
            if finding.level == "blocked":
                shown = gate_shown(finding.to_dict())
                messages.error(request, gettext("Not moved: %(title)s. %(message)s") % shown)
    except SlotTaken:
        messages.error(request, _slot_taken())
    except ValidationError as exc:
        messages.error(
            request,
            "; ".join(f"{_field_label(form, k)}{' '.join(v)}" for k, v in exc.message_dict.items()),
        )
    else:
        _gate_messages(request, appointment.gates)
        messages.success(request, gettext("Moved to %(when)s.") % {"when": when_text(start)})
        target = reverse("scheduling:calendar") + agenda_at(appointment, keep=request.GET)
    return redirect(target)


def _back(request: ClinicRequest, appointment: Appointment) -> str:
    """Where the person started from: the dashboard, or the calendar's day of the appointment."""
    if request.POST.get("back") == "dashboard":
        return reverse("desk:dashboard")
    day = timezone.localtime(appointment.start).date().isoformat()
    return f"{reverse('scheduling:calendar')}?view=day&day={day}"


@role_required(Role.CLINICIAN, Role.ASSISTANT)
@require_POST
def start(request: ClinicRequest, appointment_id: int) -> HttpResponse:
    """Start today's session, if the gates, run again now, let it begin; else say why not."""
    appointment = appointment_get(appointment_id)
    try:
        started = appointment_start(appointment=appointment, actor=request.user)
    except BookingBlocked as exc:
        for finding in exc.findings:
            if finding.level == "blocked":
                messages.error(
                    request, gettext("Not started: %(title)s. %(message)s") % gate_shown(finding.to_dict())
                )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        _gate_messages(request, started.gates)
        began = timezone.localtime(started.started_at or started.start)
        messages.success(
            request,
            gettext("Session started at %(time)s.") % {"time": formats.time_format(began, "TIME_FORMAT")},
        )
    return redirect(_back(request, appointment))


@section_required("calendar")
def appointment_ics(request: ClinicRequest, appointment_id: int) -> HttpResponse:
    appointment = appointment_get(appointment_id, live=False)
    response = HttpResponse(
        calendar_of([appointment], gettext("mesodesk appointment")), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="appointment-{appointment.pk}.ics"'
    return response


@section_required("calendar")
@require_POST
def feed_create(request: ClinicRequest) -> HttpResponse:
    token = calendar_feed_create(clinician=request.user, clinic_id=request.clinic.pk)
    request.session["feed_url"] = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
    messages.success(request, gettext("New private feed created; earlier feed links stop working."))
    return redirect("scheduling:calendar")


@section_required("calendar")
@require_POST
def feed_revoke(request: ClinicRequest) -> HttpResponse:
    calendar_feed_revoke(clinician=request.user, clinic_id=request.clinic.pk)
    messages.success(request, gettext("Your calendar feed is revoked."))
    return redirect("scheduling:calendar")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: the secret in the URL is the only credential, so calendar apps can poll it."""
    found = calendar_feed_for_token(token)
    if found is None:
        raise Http404("No such feed")
    with scope(clinic=found.clinic):
        since = timezone.now() - datetime.timedelta(days=90)
        appointments = feed_appointments(found.clinician, since)
        body = calendar_of(appointments, f"mesodesk - {found.clinician.get_username()}")
    return HttpResponse(body, content_type="text/calendar")
