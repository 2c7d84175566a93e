"""A generated network for the registry's tests: patients with names, e-mails, phone numbers
and dates of birth that no export may show, and what the report must count, worked out
here from the generated rows, not by the code under test.

Clinics A and B (the shared "Test network") each get, in REPORT_YEAR: HAIR patients treated
for hair loss with the hair formulation, SKIN for skin rejuvenation with the lift formulation,
and FEW (under five in the whole network) for cellulite, each with one course of SESSIONS
done sessions and one planned; satisfaction answers; phototrichogram densities at baseline
and at the end for the hair patients; bruising after some sessions and swelling after a
few. Clinic C, in another network, gets patients of its own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic, Network, Role
from mesodesk.courses.models import Course, CourseSession, SessionStatus
from mesodesk.outcomes.models import OutcomeResponse
from mesodesk.patients.models import Patient, ScreeningSnapshot
from mesodesk.safety.models import AdverseEvent
from tests.conftest import make_member

REPORT_YEAR = 2025
HAIR, SKIN, FEW, SESSIONS = 6, 5, 1, 4
LEVELS = ("less_satisfied", "satisfied", "very_satisfied")


@dataclass
class Generated:
    names: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    births: list[datetime.date] = field(default_factory=list)
    patients: dict[str, int] = field(default_factory=dict)  # indication: patients
    sessions: int = 0
    satisfaction: dict[str, dict[str, int]] = field(default_factory=dict)
    densities: dict[str, list[float]] = field(default_factory=dict)  # baseline, end, change
    events: dict[str, set[int]] = field(default_factory=dict)  # kind: patient ids
    event_count: dict[str, int] = field(default_factory=dict)

    def identifiers(self) -> list[str]:
        dates = [f(d) for d in self.births for f in (datetime.date.isoformat, lambda d: d.strftime("%d/%m/%Y"),
                                                     lambda d: d.strftime("%d.%m.%Y"))]  # fmt: skip
        return [*self.names, *self.emails, *self.phones, *dates]


def _patient(clinic: Clinic, number: int, generated: Generated) -> Patient:
    family, given = f"Zyxname{number:03d}", f"Qwgiven{number:03d}"
    born = datetime.date(1950, 1, 3) + datetime.timedelta(days=397 * number)
    email, phone = f"patient{number:03d}@mail.example", f"+33 6 55 {number:02d} 71 {number % 97:02d}"
    generated.names += [family, given]
    generated.emails.append(email)
    generated.phones.append(phone)
    generated.births.append(born)
    return Patient.objects.create(
        clinic=clinic, family_name=family, given_name=given, date_of_birth=born, email=email, phone=phone
    )


def _course(patient: Patient, clinician: Any, indication: str, formulation: str, month: int) -> Course:
    screening = ScreeningSnapshot.objects.create(
        clinic=patient.clinic, patient=patient, indication=indication, formulation=formulation,
        history_version=1, result={}, taken_by="test",
    )  # fmt: skip
    course = Course.objects.create(
        clinic=patient.clinic, patient=patient, indication=indication, protocol_code=f"{indication}_test",
        protocol_name="Test", formulation=formulation, clinician=clinician, screening=screening,
    )  # fmt: skip
    for number in range(1, SESSIONS + 2):
        due = datetime.date(REPORT_YEAR, month, 1) + datetime.timedelta(days=14 * (number - 1))
        CourseSession.objects.create(
            clinic=patient.clinic, course=course, number=number, due=due, earliest=due, latest=due,
            status=SessionStatus.DONE if number <= SESSIONS else SessionStatus.PLANNED,
        )  # fmt: skip
    return course


def _answer(course: Course, instrument: str, timepoint: str, *, score: float | None = None,
            category: str = "", on: datetime.date) -> None:  # fmt: skip
    OutcomeResponse.objects.create(
        clinic=course.clinic, patient=course.patient, course=course, instrument=instrument, timepoint=timepoint,
        rater="patient" if instrument == "network_satisfaction" else "clinician", answers={},
        score=None if score is None else Decimal(str(score)), category=category, answered_on=on,
        recorded_by="test",
    )  # fmt: skip


def populate(clinic: Clinic, clinician: Any, generated: Generated, first_number: int) -> None:
    number = first_number
    plan = (
        [("hair_loss", "mesohair")] * HAIR
        + [("skin_rejuvenation", "mesolift")] * SKIN
        + [("cellulite", "")] * FEW
    )
    for index, (indication, formulation) in enumerate(plan):
        patient = _patient(clinic, number, generated)
        number += 1
        course = _course(patient, clinician, indication, formulation, month=1 + index % 6)
        generated.patients[indication] = generated.patients.get(indication, 0) + 1
        generated.sessions += SESSIONS
        end_day = datetime.date(REPORT_YEAR, 10, 1)
        level = LEVELS[index % 3]
        # An earlier answer the patient later changed: only the last of the year counts.
        _answer(course, "network_satisfaction", "session_4", category=LEVELS[(index + 1) % 3],
                on=datetime.date(REPORT_YEAR, 8, 1))  # fmt: skip
        _answer(course, "network_satisfaction", "end", category=level, on=end_day)
        counts = generated.satisfaction.setdefault(indication, dict.fromkeys(LEVELS, 0))
        counts[level] += 1
        if indication == "hair_loss":
            baseline, end = 100.0 + 3 * number, 110.0 + 5 * number
            _answer(course, "phototrichogram_density", "baseline", score=baseline,
                    on=datetime.date(REPORT_YEAR, 1, 2))  # fmt: skip
            _answer(course, "phototrichogram_density", "end", score=end, on=end_day)
            densities = (
                generated.densities.setdefault("baseline", []),
                generated.densities.setdefault("end", []),
            )
            densities[0].append(baseline)
            densities[1].append(end)
            generated.densities.setdefault("change", []).append(end - baseline)
        sessions = list(course.sessions.filter(status=SessionStatus.DONE))
        kinds = ["bruising"] if indication == "hair_loss" else []
        if index == HAIR:  # one skin patient per clinic: swelling, two events
            kinds = ["swelling", "swelling"]
        for kind_index, kind in enumerate(kinds):
            session = sessions[kind_index]
            AdverseEvent.objects.create(
                clinic=clinic,
                patient=patient,
                session=session,
                kind=kind,
                onset=session.due,
                serious=kind == "swelling",
            )
            generated.events.setdefault(kind, set()).add(patient.pk)
            generated.event_count[kind] = generated.event_count.get(kind, 0) + 1
    # A patient with no done session in the year: counted nowhere (a course planned next year).
    late = _patient(clinic, number, generated)
    course = _course(late, clinician, "hair_loss", "mesohair", month=2)
    course.sessions.all().update(status=SessionStatus.PLANNED)


@pytest.fixture
def registry_network(
    network: Network, clinic_a: Clinic, clinic_b: Clinic, django_user_model: Any
) -> Generated:
    generated = Generated()
    with scopes_disabled():
        for offset, clinic in enumerate((clinic_a, clinic_b)):
            clinician = make_member(
                django_user_model, f"registry-clinician-{clinic.slug}", clinic, Role.CLINICIAN
            )
            populate(clinic, clinician, generated, first_number=1 + 100 * offset)
    return generated


@pytest.fixture
def other_network(django_user_model: Any, db: Any) -> tuple[Clinic, Any]:
    """Klinik C in a network of its own, with its patients and its analyst."""
    with scopes_disabled():
        clinic = Clinic.objects.create(
            network=Network.objects.create(name="Other network"), name="Klinik C", slug="c"
        )
        clinician = make_member(django_user_model, "registry-clinician-c", clinic, Role.CLINICIAN)
        populate(clinic, clinician, Generated(), first_number=500)
        return clinic, make_member(django_user_model, "olga", clinic, Role.NETWORK_ANALYST)
