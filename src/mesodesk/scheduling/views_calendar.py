"""The calendar's time grid (FullCalendar, vendored under static/mesodesk/vendor/fullcalendar):
its page, the events it reads, the moves and resizes it asks for, and the clinic's working hours.

Times go both ways as the clinic's wall-clock time without an offset ("2030-03-04T09:00:00");
the grid runs in UTC so that the browser's own zone never shifts them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from mesodesk.accounts.access import role_required, section_required
from mesodesk.accounts.audit import audit_record_listing
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.models import Role
from mesodesk.accounts.roles import may_open
from mesodesk.patients.selectors import patient_search
from mesodesk.scheduling.forms import ClinicHoursForm
from mesodesk.scheduling.gates import gate_shown, gate_title, when_text
from mesodesk.scheduling.models import AppointmentKind, ClinicHours
from mesodesk.scheduling.selectors import appointment_get, clinic_hours, event_row, event_rows, staff_name
from mesodesk.scheduling.services import BookingBlocked, SlotTaken, appointment_move, booking_gates
from mesodesk.scheduling.services_hours import clinic_hours_set

# Who reads patients' names on the calendar; anyone else (a clinic administrator) reads pseudonyms.
NAME_READERS = (Role.CLINICIAN, Role.ASSISTANT)
# The longest span the events endpoint answers for: a week view with margins, a day view.
LONGEST_SPAN = datetime.timedelta(days=42)


def row_id(text: str) -> int | None:
    """An id from a query string, or None when it is not one (a database id fits 64 bits:
    a longer number would make the query fail, not find nothing)."""
    return int(text) if text.isdigit() and int(text) < 2**63 else None


def reads_names(request: ClinicRequest) -> bool:
    return request.membership.role in NAME_READERS


def names_read(request: ClinicRequest, patient_ids: Iterable[int]) -> None:
    """Audit that the reader saw these patients' names on the calendar (the grid or its list):
    one listing naming them (accounts.audit.audit_record_listing), whatever their number."""
    audit_record_listing(
        actor_id=request.user.pk,
        actor=request.user.get_username(),
        clinic_id=request.clinic.pk,
        patient_ids=patient_ids,
        detail={"via": "calendar"},
    )


def _wall_time(text: str) -> datetime.datetime:
    """A wall-clock time on the clinic's clock from the grid ("...T09:00:00", maybe with a Z the
    UTC grid adds, or a date alone), made aware in the clinic's zone."""
    text = text.strip().removesuffix("Z")
    if "+" in text[10:]:
        text = text[: 10 + text[10:].index("+")]
    moment = datetime.datetime.fromisoformat(text)
    return timezone.make_aware(moment.replace(tzinfo=None))


def _wall_text(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).replace(tzinfo=None).isoformat(timespec="seconds")


KIND_LABELS = dict(AppointmentKind.choices)  # lazy labels: translated when shown


def _event(row: dict[str, Any], *, names: bool) -> dict[str, Any]:
    """One event of the grid from a scheduling.selectors.event_row."""
    pseudonym = row["patient__pseudonym"]
    who = f"{row['patient__given_name']} {row['patient__family_name']}" if names else pseudonym
    kind = str(KIND_LABELS.get(row["kind"], row["kind"]))
    title = f"{who} · {kind}"
    if row["course_session__number"] is not None:
        title += " · " + gettext("session %(number)s") % {"number": row["course_session__number"]}
    return {
        "id": str(row["pk"]),
        "start": _wall_text(row["start"]),
        "end": _wall_text(row["end"]),
        "title": title,
        "classNames": [f"kind-{row['kind']}"],
        "extendedProps": {
            "patient": who,
            "pseudonym": pseudonym,
            "kind": kind,
            "clinician": staff_name(
                row["clinician__first_name"], row["clinician__last_name"], row["clinician__username"]
            ),
            "room": row["room__name"] or "",
            "gates": [gate_title(str(g.get("code", ""))) for g in row["gates"]],
        },
    }


def working_days(hours: ClinicHours) -> list[int]:
    """The days the clinic works (ISO weekdays, 1 is Monday); none saved reads as Monday to Saturday."""
    return hours.weekdays() or [1, 2, 3, 4, 5, 6]


def grid_settings(hours: ClinicHours, *, day: datetime.date, single_day: bool) -> dict[str, Any]:
    """What the calendar page gives its grid: the first day shown, the view, the working hours."""
    worked = working_days(hours)
    days_fc = [d % 7 for d in worked]  # FullCalendar counts Sunday as 0
    return {
        "initialDate": day.isoformat(),
        "initialView": "timeGridDay" if single_day else "timeGridWeek",
        "slotMinTime": hours.opens.strftime("%H:%M"),
        "slotMaxTime": hours.closes.strftime("%H:%M"),
        "businessHours": {
            "daysOfWeek": days_fc,
            "startTime": hours.opens.strftime("%H:%M"),
            "endTime": hours.closes.strftime("%H:%M"),
        },
        "hiddenDays": [d for d in range(7) if d not in days_fc],
        "editable": True,
    }


@section_required("calendar")
@require_GET
def events(request: ClinicRequest) -> JsonResponse:
    """The appointments between `start` and `end` (the grid's wall-clock times), for one
    clinician or one room if asked. Staff who read names get them, and each patient shown
    goes to the audit trail; a clinic administrator reads pseudonyms and writes no patient row."""
    try:
        start = _wall_time(request.GET.get("start", ""))
        end = _wall_time(request.GET.get("end", ""))
    except ValueError:
        return JsonResponse({"error": gettext("Give a start and an end.")}, status=400)
    if not start < end <= start + LONGEST_SPAN:
        return JsonResponse({"error": gettext("Give a start and an end.")}, status=400)
    clinician = request.GET.get("clinician", "")
    room = request.GET.get("room", "")
    found = event_rows(start, end, clinician_id=row_id(clinician), room_id=row_id(room))
    names = reads_names(request)
    if names:
        names_read(request, (a["patient_id"] for a in found))
    return JsonResponse([_event(a, names=names) for a in found], safe=False)


def _findings_shown(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [gate_shown(f) for f in findings]


@section_required("calendar")
@require_POST
def event_move(request: ClinicRequest, appointment_id: int) -> JsonResponse:
    """A move or a resize from the grid. With `check=1`, nothing moves: the answer is the
    gates' findings for the new time, for the person to confirm. Otherwise the move is made,
    or refused (409 taken, 422 blocked or invalid) with the reason; the grid then snaps back."""
    appointment = appointment_get(appointment_id)
    try:
        start = _wall_time(request.POST.get("start", ""))
        end = _wall_time(request.POST.get("end", ""))
    except ValueError:
        return JsonResponse({"ok": False, "message": gettext("Give a start and an end.")}, status=400)
    when = when_text(start)
    if request.POST.get("check") == "1":
        findings = [
            f.to_dict()
            for f in booking_gates(
                patient=appointment.patient, kind=appointment.kind, start=start, end=end,
                course_session=appointment.course_session, ignore=appointment,
            )
        ]  # fmt: skip
        blocked = any(f["level"] == "blocked" for f in findings)
        return JsonResponse(
            {
                "ok": not blocked,
                "when": when,
                "findings": _findings_shown(findings),
                "message": gettext("Not moved: %(title)s. %(message)s")
                % next(gate_shown(f) for f in findings if f["level"] == "blocked")
                if blocked
                else gettext("Move to %(when)s?") % {"when": when},
            }
        )
    try:
        moved = appointment_move(appointment=appointment, start=start, end=end, actor=request.user)
    except BookingBlocked as exc:
        shown = [gate_shown(f.to_dict()) for f in exc.findings]
        refused = [s for s in shown if s["level"] == "blocked"]
        return JsonResponse(
            {
                "ok": False,
                "findings": shown,
                "message": "; ".join(gettext("Not moved: %(title)s. %(message)s") % s for s in refused),
            },
            status=422,
        )
    except SlotTaken:
        return JsonResponse(
            {
                "ok": False,
                "message": gettext("Slot taken: the clinician or the room already has an appointment then."),
            },
            status=409,
        )
    except ValidationError as exc:
        return JsonResponse({"ok": False, "message": "; ".join(exc.messages)}, status=422)
    return JsonResponse(
        {
            "ok": True,
            "findings": _findings_shown(moved.gates),
            "message": gettext("Moved to %(when)s.") % {"when": when},
            "event": _event(event_row(moved), names=reads_names(request)),
        }
    )


@section_required("calendar")
def choose_patient(request: ClinicRequest) -> HttpResponse:
    """Booking from a free slot of the grid: first the patient, found by name, then the booking
    form with the slot's day, time and clinician filled in. Only for roles that open patient
    records (the booking page names the patient): a clinic administrator gets 403."""
    if not may_open(request.membership.role, "patients"):
        raise PermissionDenied("Your role cannot open patients.")
    query = request.GET.get("q", "").strip()
    found = list(patient_search(query=query)[:20]) if query else []
    keep = {k: request.GET[k] for k in ("day", "time", "clinician") if request.GET.get(k)}
    return render(
        request,
        "scheduling/choose_patient.html",
        {"query": query, "found": found, "keep": keep, "searched": bool(query)},
    )


@role_required(Role.CLINIC_ADMIN)
def hours(request: ClinicRequest) -> HttpResponse:
    """The clinic's working hours, which the calendar's grid shows; its administrator edits them."""
    form = ClinicHoursForm(request.POST or None, instance=clinic_hours(request.clinic))
    if request.method == "POST" and form.is_valid():
        clinic_hours_set(
            clinic=request.clinic, opens=form.cleaned_data["opens"], closes=form.cleaned_data["closes"],
            days=form.days(), actor=request.user,
        )  # fmt: skip
        messages.success(request, gettext("Working hours saved."))
        return redirect("scheduling:calendar")
    return render(request, "scheduling/hours.html", {"form": form}, status=422 if form.errors else 200)
