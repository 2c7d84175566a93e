"""The calendar page's list: every appointment of the week (or day) with its move and cancel
forms, the keyboard's way to do what the grid does by dragging (issue 15).

A busy week holds hundreds of appointments, and the list rendered each with its forms: the
page's time grew with the week. It now shows AGENDA_PAGE appointments at a time, paged by
keyset on (start, id) like the other long lists (accounts.keyset): a page costs the same
queries and about the same work however full the week is, and every appointment is on
exactly one page.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.utils import formats, timezone

from mesodesk.accounts.keyset import encode_cursor, keyset_page
from mesodesk.accounts.links import link_maker
from mesodesk.scheduling.models import Appointment, AppointmentKind
from mesodesk.scheduling.selectors import (
    agenda_appointments,
    booked_just_before,
    live_appointment_start,
    staff_name,
)

AGENDA_PAGE = 50
AGENDA_ORDER = ("start", "id")
# The calendar page's views that show one day (and its list of that day).
SINGLE_DAY_VIEWS = ("day", "clinicians", "rooms")


@dataclass(frozen=True)
class AgendaRow:
    appointment: Appointment
    minutes: int  # the move form keeps the duration unless changed
    links: dict[str, str]


@dataclass(frozen=True)
class AgendaDay:
    day: datetime.date
    rows: list[AgendaRow]
    continued: bool  # the day's earlier appointments are on the earlier page
    closed: bool  # not one of the clinic's working days: it says so, not "Nothing booked"


@dataclass(frozen=True)
class Agenda:
    days: list[AgendaDay]
    earlier: str | None  # the cursor of the earlier page, if there is one
    later: str | None


def agenda_page(
    *,
    first_day: datetime.date,
    span: int,
    clinician_id: int | None,
    room_id: int | None,
    cursor: str | None,
    names: bool,
    records: bool,
    working_days: Collection[int],
) -> Agenda:
    """One page of the list for the `span` days from `first_day`, after or before `cursor`.

    Its days run from the first page's first day (or this page's first appointment's day) to
    the last page's last day (or this page's last appointment's day): an empty day between
    two appointments of the page says "Nothing booked" (or, not one of the clinic's
    `working_days`, ISO weekdays, that the clinic is closed), a day the page does not reach is on
    another page. Each row names its patient for a reader of `names` (as the grid does), else
    by pseudonym, and links to the record only for a reader who may open `records`. One query
    (two when the page has an earlier one: when does the appointment before it start, so is
    its first day continued, and is there one at all?), whatever the week holds."""
    start = timezone.make_aware(datetime.datetime.combine(first_day, datetime.time()))
    found = agenda_appointments(
        start, start + datetime.timedelta(days=span), clinician_id=clinician_id, room_id=room_id
    )
    page = keyset_page(found, order=AGENDA_ORDER, cursor=cursor, size=AGENDA_PAGE)
    if cursor and not page.rows:
        # A cursor from another week or filter finds nothing beyond it here: the first page.
        page = keyset_page(found, order=AGENDA_ORDER, cursor=None, size=AGENDA_PAGE)
    before = None  # when the appointment just before this page's first starts, if any
    if page.previous_cursor is not None and page.rows:
        before = booked_just_before(found, page.rows[0])
        if before is None:
            # Opened at the span's first appointment (after a move or a cancel of it, or a click
            # on it on the grid): the first page, without an Earlier link to the same rows.
            page = replace(page, previous_cursor=None)
    days = [first_day + datetime.timedelta(days=i) for i in range(span)]
    rows = _rows(page.rows, names=names, records=records)
    by_day: dict[datetime.date, list[AgendaRow]] = {}
    for row in rows:
        by_day.setdefault(timezone.localtime(row.appointment.start).date(), []).append(row)
    if rows:
        low = days[0] if page.previous_cursor is None else min(by_day)
        high = days[-1] if page.next_cursor is None else max(by_day)
        days = [day for day in days if low <= day <= high]
    continued = before is not None and timezone.localtime(before).date() == days[0]
    return Agenda(
        days=[
            AgendaDay(day, by_day.get(day, []), continued and i == 0, day.isoweekday() not in working_days)
            for i, day in enumerate(days)
        ],
        earlier=page.previous_cursor,
        later=page.next_cursor,
    )


def _rows(appointments: list[Appointment], *, names: bool, records: bool) -> list[AgendaRow]:
    """Each appointment with its links, each route reversed once for the page (accounts.links),
    its kind named once per kind, its times written as the template's |time would and its
    patient (`who`) by name, or by pseudonym for a reader who does not read names; the link to
    the record (`patient`) is empty for a reader who may not open it (it answered 403)."""
    patient, move, cancel, ics = (
        link_maker(name)
        for name in ("patients:detail", "scheduling:move", "scheduling:cancel", "scheduling:appointment_ics")
    )
    kinds = {value: str(label) for value, label in AppointmentKind.choices}
    rows = []
    for a in appointments:
        starts, ends = timezone.localtime(a.start), timezone.localtime(a.end)
        who, person = a.clinician, a.patient  # the clinician named as the dashboard names them
        links = {"patient": patient(person.pseudonym) if records else "", "move": move(a.pk),
                 "who": f"{person.given_name} {person.family_name}" if names else person.pseudonym,
                 "cancel": cancel(a.pk),
                 "ics": ics(a.pk), "start": formats.time_format(starts), "end": formats.time_format(ends),
                 "start_hm": starts.strftime("%H:%M"), "kind": kinds.get(a.kind, a.kind),
                 "clinician": staff_name(who.first_name, who.last_name, who.username)}  # fmt: skip
        rows.append(AgendaRow(a, (a.end - a.start) // datetime.timedelta(minutes=1), links))
    return rows


def agenda_patients(agenda: Agenda) -> list[int]:
    """The patients the page lists (their ids), for the audit trail of who read their names."""
    return [r.appointment.patient_id for d in agenda.days for r in d.rows]


def agenda_filters(query: Mapping[str, str]) -> dict[str, str]:
    """What a move or a cancel made from the list keeps of the page it was made on: its
    single-day view, its clinician and its room filters (anything else is dropped)."""
    kept = {}
    if query.get("view", "") in SINGLE_DAY_VIEWS:
        kept["view"] = query["view"]
    for name in ("clinician", "room"):
        value = query.get(name, "")
        if value.isdigit() and int(value) < 2**63:
            kept[name] = value
    return kept


def _cursor_at(start: datetime.datetime, pk: int) -> str:
    # The key just before the appointment's own in the list's order: same start, the id before.
    return encode_cursor("a", [start.isoformat(), pk - 1])


def agenda_cursor_at(appointment_id: int | None) -> str | None:
    """The cursor of the list's page that begins with this live appointment of the clinic in
    scope (a click on the grid for one listed on another page); None if there is none."""
    if appointment_id is None:
        return None
    start = live_appointment_start(appointment_id)
    return None if start is None else _cursor_at(start, appointment_id)


def agenda_at(appointment: Appointment, *, anchor: str = "", keep: Mapping[str, str] | None = None) -> str:
    """The calendar page's query and anchor that open the list on the page beginning with
    `appointment` (or, once it is cancelled, with the one after it), on its day or in its week:
    a move or a cancel made from the list's page 3 lands back there, not on page 1 with the
    list closed, and keeps the page's view and filters (`keep`, the page's own query, read by
    agenda_filters). The anchor is the appointment's own row unless given."""
    day = timezone.localtime(appointment.start).date().isoformat()
    kept = agenda_filters(keep or {})
    query = {"view": kept.pop("view"), "day": day} if "view" in kept else {"week": day}
    query.update(kept, cursor=_cursor_at(appointment.start, appointment.pk))
    return f"?{urlencode(query)}#{anchor or f'appointment-{appointment.pk}'}"
