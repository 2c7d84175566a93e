"""iCalendar: one event per appointment, and a clinician's private feed."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from mesodesk.accounts.models import Actor
from mesodesk.accounts.tokens import new_token, token_hash
from mesodesk.scheduling.models import Appointment, CalendarFeed


def calendar_of(appointments: Iterable[Appointment], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//mesodesk//appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for appointment in appointments:
        event = Event()
        event.add("uid", f"appointment-{appointment.pk}@mesodesk")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", appointment.start)
        event.add("dtend", appointment.end)
        # The pseudonym only: a feed may end up on a phone's calendar app.
        event.add("summary", f"{appointment.get_kind_display()} - {appointment.patient.pseudonym}")
        if appointment.room is not None:
            event.add("location", appointment.room.name)
        event.add("status", "CANCELLED" if appointment.cancelled_at else "CONFIRMED")
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical


def calendar_feed_create(*, clinician: Actor, clinic_id: int) -> str:
    """A new feed URL secret for this clinician; earlier feeds are revoked. Shown once."""
    token = new_token()
    with transaction.atomic():
        CalendarFeed.objects.filter(clinician=clinician, clinic_id=clinic_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        CalendarFeed.objects.create(clinician=clinician, clinic_id=clinic_id, token_hash=token_hash(token))
    return token


def calendar_feed_revoke(*, clinician: Actor, clinic_id: int) -> int:
    return CalendarFeed.objects.filter(
        clinician=clinician, clinic_id=clinic_id, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.select_related("clinician", "clinic")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )
