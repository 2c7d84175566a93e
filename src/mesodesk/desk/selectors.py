"""The day's work, read in the request's clinic scope: appointments of today and tomorrow,
sessions whose window is open or past, intake links waiting, findings to acknowledge for the
patients listed.

Reads only. Naming patients is audited by the view (patients.selectors.patients_read_audit),
for exactly the patients it shows."""

from __future__ import annotations

import datetime
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format, time_format

from mesodesk.accounts.links import link
from mesodesk.courses.models import Course, CourseSession, SessionStatus
from mesodesk.patients.models import IntakeInvitation, Patient
from mesodesk.patients.screening import patients_screenings
from mesodesk.scheduling.gates import gate_shown
from mesodesk.scheduling.models import Appointment, AppointmentKind
from mesodesk.scheduling.selectors import appointments_between, staff_name

# Findings are screened for the patients the page lists only (all screenings in three
# queries), the reader's own first, and for at most this many courses: the dashboard's work
# stays bounded however large the clinic.
FINDINGS_MAX_COURSES = 40
# The other clinicians' appointment rows listed in all (a day that does not fit is one line
# linking to the calendar's day), and the sessions due and intake links listed each.
LIST_LIMIT = 20
KIND_LABELS = dict(AppointmentKind.choices)  # lazy labels: translated when shown
ACTIVE = (SessionStatus.PLANNED, SessionStatus.BOOKED)
_ONE_DAY = datetime.timedelta(days=1)


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class ClinicianDay:
    day: datetime.date
    # The day as the calendar's link and the heading write it: formatted once per page, not
    # once per clinician (the template's |date was a tenth of its work with 33 clinicians).
    iso: str = ""
    label: str = ""
    appointments: list[dict[str, Any]] = field(
        default_factory=list
    )  # {"appointment", "start", "end", "gates", "kind"}
    count: int = 0
    blocked: int = 0
    warnings: int = 0
    # Too many rows to list beside the others: shown as its counts and a link to the calendar.
    summarised: bool = False


@dataclass
class ClinicianWork:
    clinician_id: int
    name: str
    days: list[ClinicianDay]


# The columns the dashboard shows, audits and screens, and no more: whole patients (their
# contact, notes), clinicians (password, dates) and sessions were most of the rows' cost
# (docs/performance.md, CPU per request). A column left out would cost a query per row, which
# the dashboard's query-count tests catch.
_ROW_COLUMNS = (
    *("start", "end", "kind", "gates", "started_at", "clinic_id"),
    *("patient_id", "clinician_id", "room_id", "course_session_id"),
)
_PATIENT_COLUMNS = ("patient__clinic_id", "patient__pseudonym", "patient__family_name", "patient__given_name")
_CLINICIAN_COLUMNS = ("clinician__first_name", "clinician__last_name", "clinician__username")
_ROOM_SESSION_COLUMNS = ("room__name", "course_session__course_id")
_COURSE_PATIENT_COLUMNS = ("course__patient_id", *(f"course__{c}" for c in _PATIENT_COLUMNS))
_SCREENED_PATIENT_COLUMNS = (*_PATIENT_COLUMNS, "patient__date_of_birth", "patient__sex")


def _days(today: datetime.date) -> list[datetime.date]:
    return [today, today + datetime.timedelta(days=1)]


def appointments_by_clinician(
    today: datetime.date, *, me_id: int | None = None, with_patients: bool = True, cap: int = LIST_LIMIT
) -> list[ClinicianWork]:
    """Today's and tomorrow's live appointments grouped by clinician, the reader first.

    The reader's own rows are listed in full, the other clinicians' up to `cap` rows in all
    (today's first): a clinician's day that does not fit is `summarised` (counts only), so the
    page's work stays what one person can read however many clinicians the clinic has. Every appointment
    is counted from a light read (no model, no patient); only the listed rows are read whole.
    Without patients (the administrator's view), only the counts are filled."""
    days = _days(today)
    span: QuerySet[Appointment] = appointments_between(day_start(days[0]), day_start(days[-1]) + _ONE_DAY)
    written = [(d.isoformat(), date_format(d, "DATE_FORMAT")) for d in days]
    boundaries = [day_start(d) for d in days[1:]]
    by_clinician: dict[int, ClinicianWork] = {}
    listed: dict[tuple[int, int], list[int]] = {}  # (clinician, day index) -> its pks, in order
    counted = span.select_related(None).values_list(
        "pk", "clinician_id", "start", "gates", *_CLINICIAN_COLUMNS
    )
    for pk, clinician_id, start, gates, first, last, username in counted:
        work = by_clinician.get(clinician_id)
        if work is None:
            each_day = [ClinicianDay(d, iso, label) for d, (iso, label) in zip(days, written, strict=True)]
            work = by_clinician[clinician_id] = ClinicianWork(
                clinician_id, staff_name(first, last, username), each_day
            )
        # The day by comparing with the next days' starts, and the levels counted in a plain
        # loop: this runs for every appointment of the two days, listed or not.
        index = bisect_right(boundaries, start)
        day = work.days[index]
        day.count += 1
        for gate in gates:
            level = gate.get("level")
            if level == "blocked":
                day.blocked += 1
            elif level == "warning":
                day.warnings += 1
        listed.setdefault((clinician_id, index), []).append(pk)
    found = sorted(by_clinician.values(), key=lambda w: (w.clinician_id != me_id, w.name.lower()))
    if with_patients:
        _rows_fill(span, found, listed, me_id=me_id, cap=cap)
    return found


def _rows_fill(
    span: QuerySet[Appointment],
    found: list[ClinicianWork],
    listed: dict[tuple[int, int], list[int]],
    *,
    me_id: int | None,
    cap: int,
) -> None:
    """Reads whole the rows the page lists (the reader's, then the others' days that fit in what
    is left of `cap`, today's first, in the page's order) and marks the other days summarised."""
    shown: dict[int, ClinicianDay] = {}  # appointment pk -> the day that lists it
    left = cap  # the others' rows still free: today's are given them first
    for index in range(len(found[0].days) if found else 0):
        for work in found:
            day = work.days[index]
            if not day.count:
                continue
            if work.clinician_id != me_id:
                if day.count > left:
                    day.summarised = True
                    continue
                left -= day.count
            shown.update((pk, day) for pk in listed[work.clinician_id, index])
    if not shown:
        return
    rows = span.filter(pk__in=list(shown)).only(
        *_ROW_COLUMNS, *_PATIENT_COLUMNS, *_CLINICIAN_COLUMNS, *_ROOM_SESSION_COLUMNS
    )
    kinds: dict[str, str] = {}
    for appointment in rows:
        patient, room = appointment.patient, appointment.room
        started = appointment.started_at
        shown[appointment.pk].appointments.append(
            {
                "appointment": appointment,
                # What the row shows, written here once: the template's lookups through the
                # models and its filters were most of a row's cost (docs/performance.md).
                # The times as the template's |time:"H:i" wrote them.
                "start": timezone.localtime(appointment.start).strftime("%H:%M"),
                "end": timezone.localtime(appointment.end).strftime("%H:%M"),
                "patient_url": link("patients:detail", patient.pseudonym),
                "patient_name": f"{patient.family_name.upper()} {patient.given_name}",
                "room": room.name if room is not None else "",
                "gates": [gate_shown(g) for g in appointment.gates],
                # get_kind_display() rebuilds the choices' dict on every call: once per page here.
                "kind": kinds.setdefault(
                    appointment.kind, str(KIND_LABELS.get(appointment.kind, appointment.kind))
                ),
                # Today's start button (as scheduling/_start.html) and the session record's link.
                "started": time_format(timezone.localtime(started), "TIME_FORMAT") if started else "",
                "start_url": link("scheduling:start", appointment.pk),
                "record_url": (
                    link("charting:for_appointment", appointment.pk)
                    if appointment.kind == AppointmentKind.MESOTHERAPY
                    else ""
                ),
            }
        )


def sessions_due(today: datetime.date) -> QuerySet[CourseSession]:
    """Sessions planned but not booked whose window has opened (or passed), most urgent first."""
    return (
        CourseSession.objects.select_related("course__patient")
        .only("course_id", "number", "earliest", "latest", "course__indication", *_COURSE_PATIENT_COLUMNS)
        .filter(status=SessionStatus.PLANNED, earliest__lte=today)
        .order_by("latest", "course_id", "number")
    )


def intake_links_waiting(now: datetime.datetime) -> QuerySet[IntakeInvitation]:
    """Links sent, not used and not expired: the patient has still to fill in the history."""
    return (
        IntakeInvitation.objects.select_related("patient")
        .only("expires_at", "patient_id", *_PATIENT_COLUMNS)
        .filter(used_at__isnull=True, expires_at__gt=now)
        .order_by("expires_at", "id")
    )


@dataclass(frozen=True)
class FindingToAcknowledge:
    course: Course
    patient: Patient
    codes: list[str]  # the unacknowledged relative findings' codes


def findings_to_acknowledge(patient_ids: Sequence[int]) -> list[FindingToAcknowledge]:
    """The patients the page lists (`patient_ids`, in the page's order: the reader's own first)
    whose current screening for an active course holds a relative finding no clinician has
    acknowledged for this history. At most FINDINGS_MAX_COURSES courses are screened, the first
    listed first: the findings name only patients the page already names (and audits), and
    the screening stays bounded however large the clinic (docs/performance.md)."""
    rank: dict[int, int] = {}  # patient id -> their first place on the page
    for patient_id in patient_ids:
        rank.setdefault(patient_id, len(rank))
    if not rank:
        return []
    courses = sorted(
        Course.objects.select_related("patient")
        .only("patient_id", "indication", "formulation", *_SCREENED_PATIENT_COLUMNS)
        .filter(patient_id__in=list(rank), sessions__status__in=ACTIVE)
        .distinct()
        .order_by("id"),
        key=lambda c: (rank[c.patient_id], c.pk),
    )[:FINDINGS_MAX_COURSES]
    unique, screened = [], set()
    for course in courses:
        key = (course.patient_id, course.indication, course.formulation)
        if key not in screened:
            screened.add(key)
            unique.append(course)
    screenings = patients_screenings([(c.patient, c.indication, c.formulation) for c in unique])
    found = []
    for course, screening in zip(unique, screenings, strict=True):
        codes = [f["code"] for f in screening.unacknowledged]
        if codes:
            found.append(FindingToAcknowledge(course, course.patient, codes))
    return found
