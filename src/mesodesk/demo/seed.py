"""One demo clinic brought to life: a few hundred patients across the network, their courses
at every stage, a full calendar this week and next, a few findings and intake links waiting.

Repeatable: everything is drawn from one seeded generator, in a fixed order, so two fresh
databases get the same patients and the same calendar. Idempotent: a clinic that already
holds its patients is not populated again, and a calendar that already has appointments
in these two weeks is not booked again. Dates count from today, so the demo is alive
whenever it runs (a run in a later week books that week's calendar)."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from mesodesk.accounts.models import Clinic
from mesodesk.accounts.selectors import clinicians_of
from mesodesk.demo.calendar import calendar_fill, calendar_is_filled
from mesodesk.demo.outcomes import outcomes_seed
from mesodesk.demo.people import people, people_create
from mesodesk.demo.practice import consents_sign, courses_create, findings_leave_open, intake_links_send
from mesodesk.patients.models import Patient

SEED = 2026
PATIENTS_PER_CLINIC = 150
OPEN_FINDINGS = 4
INTAKE_LINKS = 8
# One patient in this many booked for mesotherapy has not signed yet: the warning a practice sees.
CONSENT_MISSING_EVERY = 8


def practice_seed(
    clinic: Clinic, *, rng: random.Random, patients: int = PATIENTS_PER_CLINIC
) -> dict[str, Any]:
    """Populate the clinic once, then fill the two weeks' calendar if they are empty."""
    today = timezone.localdate()
    done: dict[str, Any] = {"clinic": clinic.slug}
    # The scope is left after the transaction commits: a course completed here plans its
    # recall on commit, and that write runs in the clinic's scope too.
    with scope(clinic=clinic), transaction.atomic():
        clinicians = list(clinicians_of(clinic).order_by("username"))
        actor = clinicians[0]
        persons = people(rng, patients)  # drawn even when not used, so the calendar's draws stay the same
        fresh = Patient.objects.filter(clinic=clinic).count() < patients
        if fresh:
            registered = people_create(clinic=clinic, persons=persons, actor=actor)
            done["patients"] = len(registered)
            created = courses_create(rng=rng, registered=registered, clinicians=clinicians, today=today)
            done["courses"] = len(created)
            done["outcome_responses"] = outcomes_seed(rng=rng, courses=created, today=today)
        if not calendar_is_filled(today):
            with_history = list(
                Patient.objects.filter(history__version__gt=0).order_by("family_name", "given_name", "id")
            )
            done["appointments"] = calendar_fill(
                rng=rng, clinicians=clinicians, patients=with_history, today=today
            )
            done["consents"] = consents_sign(
                today=today, actor=actor, leave_missing_every=CONSENT_MISSING_EVERY
            )
            done["open_findings"] = findings_leave_open(
                rng=rng, today=today, actor=actor, count=OPEN_FINDINGS
            )
        if fresh:
            done["intake_links"] = intake_links_send(registered=registered, actor=actor, count=INTAKE_LINKS)
    return done
