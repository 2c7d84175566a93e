"""The dashboard: what each role has to do today, each item linked to where it is done."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mesodesk.accounts.http import as_clinic_request
from mesodesk.accounts.links import link
from mesodesk.accounts.models import Role
from mesodesk.accounts.roles import may_open
from mesodesk.desk.alerts import alerts_for
from mesodesk.desk.selectors import (
    LIST_LIMIT,
    appointments_by_clinician,
    findings_to_acknowledge,
    intake_links_waiting,
    sessions_due,
)
from mesodesk.outcomes.selectors import rating_names_due_at_sessions
from mesodesk.patients.selectors import patients_read_audit


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    member = as_clinic_request(request)
    if member is None:  # signed in, but a member of no clinic yet
        return render(request, "desk/dashboard.html")
    role = member.membership.role
    today, now = timezone.localdate(), timezone.now()
    # Patient names only for the roles that may open patient records.
    names = may_open(role, "patients")
    context: dict[str, Any] = {
        "today": today,
        "names": names,
        "may_set_up": role in (Role.CLINIC_ADMIN, Role.CLINICIAN),
        # Today's rows: who may start a session (as scheduling/_start.html) and open its record.
        "may_start": role in (Role.CLINICIAN, Role.ASSISTANT),
        "may_record": role == Role.CLINICIAN,
        "alerts": alerts_for(member),
    }
    if may_open(role, "calendar"):
        context["work"] = appointments_by_clinician(today, me_id=member.user.pk, with_patients=names)
    if names:
        due = list(sessions_due(today)[: LIST_LIMIT + 1])
        waiting = list(intake_links_waiting(now)[: LIST_LIMIT + 1])
        work = context.get("work", ())
        listed = [a["appointment"] for w in work for d in w.days for a in d.appointments]
        # Screened: the patients listed above only, so the findings name nobody new.
        findings = findings_to_acknowledge([a.patient_id for a in listed]) if role == Role.CLINICIAN else []
        context.update(
            due=due[:LIST_LIMIT],
            due_more=len(due) > LIST_LIMIT,
            waiting=waiting[:LIST_LIMIT],
            waiting_more=len(waiting) > LIST_LIMIT,
            findings=findings,
        )
        if role == Role.CLINICIAN:
            _outcome_ratings_due(work)
        shown = [
            *(a.patient for a in listed),
            *(s.course.patient for s in context["due"]),
            *(i.patient for i in context["waiting"]),
            *(f.patient for f in findings),
        ]
        patients_read_audit(user=member.user, patients=shown, where="dashboard")
    elif role == Role.CLINIC_ADMIN:
        context.update(
            due_count=sessions_due(today).count(),
            overdue_count=sessions_due(today).filter(latest__lt=today).count(),
            waiting_count=intake_links_waiting(now).count(),
        )
    return render(request, "desk/dashboard.html", context)


def _outcome_ratings_due(work: Any) -> None:
    """The clinician-rated outcome scales due at the appointments' sessions (the first, the
    fourth, the last of a course), on each appointment row, by name: one query for all of them,
    and one more only when one of the clinic's own scales is due (its stored names)."""
    rows = [a for w in work for d in w.days for a in d.appointments if a["appointment"].course_session_id]
    names = rating_names_due_at_sessions([a["appointment"].course_session_id for a in rows])
    for row in rows:
        found = names.get(row["appointment"].course_session_id)
        if found is not None:
            row["ratings"] = found
            row["ratings_url"] = link("outcomes:course", row["appointment"].course_session.course_id)
