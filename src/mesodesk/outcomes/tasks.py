"""Outcome links sent by the database-backed worker (`mesodesk worker`): once a day it finds
the patient-rated instruments that have fallen due and e-mails each patient one link per
timepoint, in their language. The token is made inside the task and goes only into the
e-mail: the queue never holds it.

django-tasks has no periodic schedule: each daily run enqueues the next one (as the audit
checkpoint does), and `mesodesk worker` enqueues the first."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_scopes import scope, scopes_disabled
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mesodesk.clinic.outcomes import PATIENT
from mesodesk.courses.models import Course
from mesodesk.outcomes.links import OUTCOME_LINK_DAYS, outcome_link_create
from mesodesk.outcomes.models import OutcomeLink
from mesodesk.outcomes.selectors import courses_due

# A timepoint is asked about from its date for this long; later, the moment has passed.
ASK_WITHIN_DAYS = 14
# Courses whose last session is older than this have nothing left to ask (month_6 + margin).
REACH_DAYS = 220


def due_links(today: datetime.date) -> list[tuple[int, str]]:
    """(course id, timepoint) pairs with patient-rated instruments due in the last
    `ASK_WITHIN_DAYS` days and no link sent yet, across all clinics. A fixed number of
    queries whatever the number of courses (outcomes.selectors.courses_due)."""
    found: list[tuple[int, str]] = []
    window = datetime.timedelta(days=ASK_WITHIN_DAYS)
    with scopes_disabled():
        courses = (
            Course.objects.filter(sessions__due__gte=today - datetime.timedelta(days=REACH_DAYS))
            .distinct()
            .order_by("id")
        )
        sent = set(
            OutcomeLink.objects.filter(course__in=courses.values("pk")).values_list("course_id", "timepoint")
        )
        due = courses_due(courses)
    for course_id, items in due.items():
        for item in items:
            key = (course_id, item.timepoint)
            if item.rater == PATIENT and today - window <= item.date <= today and key not in sent:
                sent.add(key)
                found.append(key)
    return found


@task()
def send_outcome_link(course_id: int, timepoint: str) -> str:
    with scopes_disabled():
        course = Course.objects.select_related("patient", "clinic").get(pk=course_id)
    patient = course.patient
    # Outcomes are records for the staff and the task queue: stored in English, not shown as is.
    if not patient.email:
        return "not sent: no e-mail address"
    with scope(clinic=course.clinic):
        try:
            link, token = outcome_link_create(course=course, timepoint=timepoint, actor=None)
        except ValidationError as error:
            return f"not sent: {'; '.join(m for ms in error.message_dict.values() for m in ms)}"
    url = settings.PUBLIC_URL.rstrip("/") + reverse("outcome_link", args=[token])
    with translation.override(link.language):
        subject = gettext("A few questions about your treatment at %(clinic)s") % {
            "clinic": course.clinic.name
        }
        body = "\n\n".join(
            [
                gettext("Dear %(name)s,") % {"name": f"{patient.given_name} {patient.family_name}"},
                gettext(
                    "How has your treatment worked for you? Please answer a few short questions; "
                    "the link works once, for %(days)s days, without signing in:"
                )
                % {"days": OUTCOME_LINK_DAYS},
                url,
                course.clinic.name,
            ]
        )
    send_mail(subject, body, None, [patient.email])
    return "sent"


def _waiting() -> bool:
    path = f"{outcome_links_task.func.__module__}.{outcome_links_task.func.__qualname__}"
    return DBTaskResult.objects.filter(task_path=path, status=TaskResultStatus.READY).exists()


def outcome_links_schedule(*, first_in: datetime.timedelta | None = None) -> bool:
    """Enqueue the next daily run unless one already waits; True when one was enqueued."""
    if _waiting():
        return False
    delay = first_in if first_in is not None else datetime.timedelta(days=1)
    outcome_links_task.using(run_after=timezone.now() + delay).enqueue()
    return True


@task()
def outcome_links_task() -> str:
    # The next run is queued first: a failure in this one must not stop the schedule.
    outcome_links_schedule()
    pairs = due_links(timezone.localdate())
    for course_id, timepoint in pairs:
        send_outcome_link.enqueue(course_id, timepoint)
    return f"{len(pairs)} links to send"
