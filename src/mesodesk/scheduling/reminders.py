"""E-mail reminders before appointments and maintenance recalls after a course, as tasks
that the database-backed worker (`mesodesk worker`) runs when they fall due."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task

from mesodesk.courses.models import Course
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.scheduling.models import Appointment, Reminder


def reminder_schedule(appointment: Appointment) -> Reminder:
    """Queue the reminder; it is sent early enough for the 48-hour stop of antiplatelet drugs."""
    due = max(appointment.start - datetime.timedelta(hours=settings.REMINDER_HOURS_BEFORE), timezone.now())
    reminder = Reminder.objects.create(
        clinic_id=appointment.clinic_id,
        patient_id=appointment.patient_id,
        kind="appointment",
        appointment=appointment,
        due_at=due,
    )
    send_reminder.using(run_after=due).enqueue(reminder.pk)
    return reminder


def recall_schedule(*, course: Course, last_session_day: datetime.date) -> Reminder | None:
    """The maintenance recall the protocol asks for (e.g. every 3 to 6 months, source 003)."""
    if not course.maintenance:
        return None
    day = last_session_day + datetime.timedelta(days=course.maintenance["every_days_min"])
    due = datetime.datetime.combine(day, datetime.time(9), tzinfo=timezone.get_current_timezone())
    reminder = Reminder.objects.create(
        clinic_id=course.clinic_id, patient_id=course.patient_id, kind="recall", due_at=due
    )
    send_reminder.using(run_after=due).enqueue(reminder.pk)
    return reminder


def _pre_care_lines(antiplatelet: list[str], start: datetime.datetime) -> list[str]:
    lines = []
    for care in load_knowledge().pre_care:
        if care.code == "stop_antiplatelet_48h":
            if antiplatelet:
                hours = care.hours_before or 48
                stop_by = timezone.localtime(start) - datetime.timedelta(hours=hours)
                lines.append(
                    f"- Stop {', '.join(antiplatelet)} by {stop_by:%A %d %B %H:%M} ({hours} hours before), unless your doctor says otherwise."
                )
        elif care.code in ("no_creams_on_the_day", "clean_loose_clothes"):
            lines.append(f"- {care.name}")
    return lines


@task()
def send_reminder(reminder_id: int) -> str:
    with scopes_disabled():
        reminder = Reminder.objects.select_related("patient", "appointment", "patient__clinic").get(
            pk=reminder_id
        )
        patient = reminder.patient
        appointment = reminder.appointment
        if reminder.sent_at is not None or reminder.outcome:
            return reminder.outcome or "already sent"  # sent, or superseded when the appointment moved
        if reminder.kind == "appointment" and (appointment is None or appointment.cancelled_at is not None):
            outcome = "skipped: the appointment was cancelled"
            Reminder.objects.filter(pk=reminder.pk).update(outcome=outcome)
            return outcome
        if not patient.email:
            outcome = "not sent: no e-mail address"
            Reminder.objects.filter(pk=reminder.pk).update(outcome=outcome)
            return outcome
        if appointment is not None:  # an appointment reminder; a recall has none
            history = getattr(patient, "history", None)
            washout = load_knowledge().washout_medications
            antiplatelet = [m for m in (history.medications if history else []) if m in washout]
            when = timezone.localtime(appointment.start)
            subject = f"Your appointment at {patient.clinic.name} on {when:%A %d %B at %H:%M}"
            body = "\n".join(
                [f"Hello {patient.given_name},", "", f"This is a reminder of your mesotherapy appointment on {when:%A %d %B %Y at %H:%M}.",
                 "", "Before your session:", *_pre_care_lines(antiplatelet, appointment.start), "", patient.clinic.name]
            )  # fmt: skip
        else:
            subject = f"Time for your maintenance session at {patient.clinic.name}"
            body = (
                f"Hello {patient.given_name},\n\nYour course of mesotherapy ended a few months ago. A maintenance "
                f"session now helps keep the result. Please contact {patient.clinic.name} to book it.\n"
            )
        send_mail(subject, body, None, [patient.email])
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now(), outcome="sent")
        return "sent"
