"""The demo's courses at every stage, and the loose ends a morning starts with: findings no
clinician has acknowledged yet, intake links the patients have not used yet. Everything
goes through the apps' services, so screening, planning and the audit trail apply."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils import timezone

from mesodesk.accounts.models import Actor
from mesodesk.clinic.planning import plan_protocol
from mesodesk.clinic.scheduling import MESOTHERAPY
from mesodesk.courses.models import Course, CourseSession, SessionStatus
from mesodesk.courses.services import course_create, course_session_record
from mesodesk.demo.people import RELATIVE, Person
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.consent import consent_in_force, consent_sign
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.intake import intake_invitation_create
from mesodesk.patients.models import Patient, PhotoScope
from mesodesk.patients.screening import finding_acknowledge, patient_screening
from mesodesk.patients.selectors import history_get
from mesodesk.scheduling.models import Appointment
from mesodesk.scheduling.services_recheck import appointments_recheck

# Where a course stands today: about to start, just started, half done, completed.
STAGES = (("upcoming", 15), ("started", 30), ("half", 35), ("completed", 20))
WEIGHED = frozenset({*RELATIVE, "anticoagulant_therapy"})  # conditions a clinician weighs
REASONS = {
    "psoriasis": "Stable plaques far from the treated area; checked with the patient.",
    "neurodermatitis": "No flare for a year; the treated skin is clear today.",
    "herpes_tendency": "Last cold sore two years ago; antiviral cover discussed.",
    "bleeding_disorder": "Easy bruising only, no clotting disorder; smaller needles, pressure after.",
    "dysmorphophobia": "Realistic goals discussed at length; the patient agrees to a review.",
    "anticoagulant_therapy": "INR stable; the prescribing cardiologist agrees, careful technique.",
    "allergy_unreviewed": "Reported reaction reviewed with the patient; not to any ingredient used.",
}


def _protocol_code(indication: str) -> str:
    return next(p.code for p in load_knowledge().protocols if indication in p.indications)


def _formulation(rng: random.Random, indication: str) -> str:
    if indication == "hair_loss":
        return "mesohair"
    if indication in ("skin_rejuvenation", "wrinkles") and rng.random() < 0.5:
        return "mesolift"
    return ""


def _start(rng: random.Random, stage: str, span: int, today: datetime.date) -> datetime.date:
    if stage == "upcoming":
        return today + datetime.timedelta(days=rng.randint(1, 9))
    if stage == "started":
        return today - datetime.timedelta(days=rng.randint(0, 6))
    if stage == "half":
        return today - datetime.timedelta(days=int(span * rng.uniform(0.3, 0.6)) + 1)
    return today - datetime.timedelta(days=span + rng.randint(14, 80))


def _acknowledge(patient: Patient, indication: str, formulation: str, actor: Actor) -> None:
    """The clinician has weighed each relative finding and goes ahead, saying why."""
    screening = patient_screening(patient=patient, indication=indication, formulation=formulation)
    for finding in screening.unacknowledged:
        finding_acknowledge(
            patient=patient, indication=indication, formulation=formulation, code=finding["code"],
            reason=REASONS.get(finding["code"], "Discussed with the patient; benefit outweighs the risk."),
            actor=actor,
        )  # fmt: skip


def _record_past(
    rng: random.Random, course: Course, today: datetime.date, actor: Actor, *, stage: str
) -> None:
    """Sessions whose window has closed were held (or, now and then, missed); now and then
    the last of them is still waiting: the patient has not come back, the session is overdue."""
    past = [s for s in CourseSession.objects.filter(course=course).order_by("number") if s.latest < today]
    if stage == "half" and len(past) > 1 and rng.random() < 0.3:
        past.pop()
    for session in past:
        missed = rng.random() < 0.04
        bruising = not missed and rng.random() < 0.12
        course_session_record(
            session=session,
            status=SessionStatus.MISSED if missed else SessionStatus.DONE,
            bruising=bruising,
            bruising_resolved_on=session.due + datetime.timedelta(days=4) if bruising else None,
            actor=actor,
        )


def courses_create(
    *,
    rng: random.Random,
    registered: Sequence[tuple[Patient, Person]],
    clinicians: Sequence[Actor],
    today: datetime.date,
) -> list[Course]:
    """About half the patients with a history follow a course; screening refuses some."""
    kb = load_knowledge()
    courses = []
    for patient, person in registered:
        if person.answers is None or rng.random() > 0.55:
            continue
        stage = rng.choices([s for s, _ in STAGES], weights=[w for _, w in STAGES])[0]
        clinician = rng.choice(clinicians)
        code, formulation = _protocol_code(person.indication), _formulation(rng, person.indication)
        plan = plan_protocol(kb.protocol_by_code[code], today)
        start = _start(rng, stage, (plan.sessions[-1].date - today).days, today)
        try:
            if person.answers.conditions & WEIGHED:
                _acknowledge(patient, person.indication, formulation, clinician)
            course = course_create(
                patient=patient, indication=person.indication, protocol_code=code, formulation=formulation,
                clinician=clinician, start=start, actor=clinician, started_elsewhere=start < today,
            )  # fmt: skip
        except ValidationError:
            continue  # an absolute contraindication: no course, as in the practice
        _record_past(rng, course, today, clinician, stage=stage)
        courses.append(course)
    return courses


def findings_leave_open(*, rng: random.Random, today: datetime.date, actor: Actor, count: int) -> int:
    """A few patients booked in the coming days tell of a new condition: their screening now
    holds a relative finding that waits for a clinician's acknowledgement."""
    soon = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    booked = (
        Appointment.objects.filter(
            cancelled_at__isnull=True,
            course_session__isnull=False,
            start__gte=soon,
            start__lt=soon + datetime.timedelta(days=7),
        )
        .order_by("start", "id")
        .values_list("patient_id", flat=True)
    )
    chosen: list[int] = []
    for patient_id in booked:
        if patient_id not in chosen:
            chosen.append(patient_id)
    changed = 0
    for patient in Patient.objects.filter(pk__in=rng.sample(chosen, min(count, len(chosen)))).order_by("pk"):
        history = history_get(patient)
        new = next((c for c in RELATIVE if c not in history.conditions), None)
        if new is None:
            continue
        history_update(
            patient=patient,
            answers=HistoryAnswers(
                conditions=frozenset([*history.conditions, new]),
                allergies=frozenset(history.allergies),
                medications=frozenset(history.medications),
                other_medications=history.other_medications,
                breastfeeding=history.breastfeeding,
                hair_loss_onset_months=history.hair_loss_onset_months,
                expects_quick_results=history.expects_quick_results,
                goals=history.goals,
                areas=tuple(history.areas),
            ),
            actor=actor,
        )
        changed += 1
    return changed


def intake_links_send(*, registered: Sequence[tuple[Patient, Person]], actor: Actor, count: int) -> int:
    """Links for patients never asked yet, in their language; the tokens are not kept."""
    waiting = [patient for patient, person in registered if person.answers is None][:count]
    for patient in waiting:
        intake_invitation_create(patient=patient, actor=actor)
    return len(waiting)


def consents_sign(*, today: datetime.date, actor: Actor, leave_missing_every: int) -> int:
    """The patients booked for mesotherapy these two weeks signed their consent, as in a
    practice (typed signatures, photographs for the record), except every
    `leave_missing_every`-th, whose appointments keep their "Consent missing" warning on
    purpose. The appointments' gates then run again, so the calendar says what is true.

    Only these patients: each consent renders its PDF, the slowest thing the demo does."""
    horizon = today + datetime.timedelta(days=14)
    day_start = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    booked = (
        Appointment.objects.filter(
            kind=MESOTHERAPY, cancelled_at__isnull=True, start__date__gte=today, start__date__lt=horizon
        )
        .values_list("patient_id", flat=True)
        .distinct()
    )
    patients = Patient.objects.filter(pk__in=list(booked)).order_by("family_name", "given_name", "id")
    signed = 0
    for n, patient in enumerate(patients, start=1):
        if n % leave_missing_every == 0:
            continue
        indications = sorted(set(Course.objects.filter(patient=patient).values_list("indication", flat=True)))
        for indication in indications:
            if consent_in_force(patient=patient, indication=indication) is not None:
                continue
            name = f"{patient.given_name} {patient.family_name}"
            consent_sign(
                patient=patient, indication=indication, typed_name=name, signature="",
                photo_scope=PhotoScope.RECORD, actor=actor, sign_by_typing=True,
            )  # fmt: skip
            signed += 1
        # Today's earlier appointments too: a session starts only with the consent in force.
        appointments_recheck(patient=patient, since=day_start)
    return signed
