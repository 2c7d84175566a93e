"""E-mail reminders before appointments and maintenance recalls after a course, as tasks
that the database-backed worker (`mesodesk worker`) runs when they fall due."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext, pgettext
from django_scopes import scopes_disabled
from django_tasks import task

from mesodesk.courses.models import Course
from mesodesk.knowledge.i18n import load_translations
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.models import Patient
from mesodesk.scheduling.gates import drugs_in_sentence
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
        clinic_id=course.clinic_id, patient_id=course.patient_id, kind="recall", course=course, due_at=due
    )
    send_reminder.using(run_after=due).enqueue(reminder.pk)
    return reminder


def _language_of(patient: Patient) -> str:
    """The patient's preferred language, when the screens have it; else the site's."""
    known = {code for code, _ in settings.LANGUAGES}
    return patient.preferred_language if patient.preferred_language in known else settings.LANGUAGE_CODE


def _day(moment: datetime.datetime, *, year: bool = True) -> str:
    # The format itself is translated: "Montag, 4. März 2030" is not "Monday 4 March 2030".
    if year:
        fmt = pgettext("Django date format: a day written out in full", "l j F Y")
    else:
        fmt = pgettext("Django date format: a day written out, without the year", "l j F")
    return formats.date_format(moment, fmt)


def _time(moment: datetime.datetime) -> str:
    return formats.date_format(moment, pgettext("Django time format in e-mails", "H:i"))


def _pre_care_lines(
    antiplatelet: list[str], start: datetime.datetime, language: str, clinic: str = ""
) -> list[str]:
    """The before-session advice, in `language` (the knowledge base's texts by code)."""
    translations = load_translations()
    lines = []
    for care in load_knowledge().pre_care:
        if care.code == "stop_antiplatelet_48h":
            if antiplatelet:
                hours = care.hours_before or 48
                stop_by = timezone.localtime(start) - datetime.timedelta(hours=hours)
                drugs = drugs_in_sentence(list(antiplatelet))  # in `language`: the caller overrides it
                if stop_by <= timezone.now():
                    # "Stop by" a time already past is no advice: the clinic decides what now.
                    advice = ngettext(
                        "You take %(drugs)s, which is stopped %(hours)d hour before a session; that time "
                        "has passed. Please call %(clinic)s before your session.",
                        "You take %(drugs)s, which is stopped %(hours)d hours before a session; that time "
                        "has passed. Please call %(clinic)s before your session.",
                        hours,
                    ) % {"drugs": drugs, "hours": hours, "clinic": clinic}
                    lines.append(f"- {advice}")
                    continue
                advice = ngettext(
                    "Stop %(drugs)s by %(day)s at %(time)s (%(hours)d hour before), "
                    "unless your doctor says otherwise.",
                    "Stop %(drugs)s by %(day)s at %(time)s (%(hours)d hours before), "
                    "unless your doctor says otherwise.",
                    hours,
                ) % {"drugs": drugs, "day": _day(stop_by, year=False), "time": _time(stop_by), "hours": hours}
                lines.append(f"- {advice}")
        elif care.code in ("no_creams_on_the_day", "clean_loose_clothes"):
            lines.append(f"- {translations.label('pre_care', care.code, language)}")
    return lines


def _appointment_mail(patient: Patient, appointment: Appointment, language: str) -> tuple[str, str]:
    """Subject and body in the active language, times on the clinic's clock."""
    history = getattr(patient, "history", None)
    washout = load_knowledge().washout_medications
    antiplatelet = [m for m in (history.medications if history else []) if m in washout]
    when = timezone.localtime(appointment.start)
    clinic = patient.clinic.name
    subject = gettext("Your appointment at %(clinic)s on %(day)s at %(time)s") % {
        "clinic": clinic,
        "day": _day(when, year=False),
        "time": _time(when),
    }
    body = "\n".join(
        [
            gettext("Dear %(name)s,") % {"name": f"{patient.given_name} {patient.family_name}"},
            "",
            gettext("This is a reminder of your appointment on %(day)s at %(time)s: %(kind)s.")
            % {"day": _day(when), "time": _time(when), "kind": appointment.get_kind_display()},
            "",
            gettext("Before your session:"),
            *_pre_care_lines(antiplatelet, appointment.start, language, clinic),
            "",
            clinic,
        ]
    )
    return subject, body


def _recall_window(reminder: Reminder) -> str | None:
    """'between <day> and <day>': from the recall's due day to the protocol's longest interval."""
    maintenance = reminder.course.maintenance if reminder.course is not None else None
    if not maintenance:
        return None  # a recall queued before it knew its course
    earliest = timezone.localtime(reminder.due_at)
    latest = earliest + datetime.timedelta(days=maintenance["every_days_max"] - maintenance["every_days_min"])
    return gettext("We advise booking it between %(earliest)s and %(latest)s.") % {
        "earliest": _day(earliest),
        "latest": _day(latest),
    }


def _recall_mail(patient: Patient, reminder: Reminder) -> tuple[str, str]:
    clinic = patient.clinic.name
    subject = gettext("Time for your maintenance session at %(clinic)s") % {"clinic": clinic}
    window = _recall_window(reminder)
    body = "\n".join(
        [
            gettext("Dear %(name)s,") % {"name": f"{patient.given_name} {patient.family_name}"},
            "",
            gettext(
                "Your course of mesotherapy ended a few months ago. A maintenance session now helps "
                "keep the result. Please contact %(clinic)s to book it."
            )
            % {"clinic": clinic},
            *([window] if window else []),
            "",
            clinic,
        ]
    )
    return subject, body


@task()
def send_reminder(reminder_id: int) -> str:
    with scopes_disabled():
        reminder = Reminder.objects.select_related("patient", "appointment", "patient__clinic", "course").get(
            pk=reminder_id
        )
        patient = reminder.patient
        appointment = reminder.appointment
        # Outcomes are records for the clinic's staff and the task queue: stored in English, not shown.
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
        language = _language_of(patient)
        # The patient's language, whatever the worker's: names of days and months follow it too.
        with translation.override(language):
            if appointment is not None:  # an appointment reminder; a recall has none
                subject, body = _appointment_mail(patient, appointment, language)
            else:
                subject, body = _recall_mail(patient, reminder)
        send_mail(subject, body, None, [patient.email])
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now(), outcome="sent")
        return "sent"
