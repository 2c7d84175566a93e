"""The demo's patients and their histories, drawn from a seeded random generator: the same
seed gives the same people, in the same order, with the same answers."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from mesodesk.accounts.models import Actor, Clinic
from mesodesk.demo.names import FAMILY, GIVEN, GOALS
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.models import Patient
from mesodesk.patients.services import patient_create

LANGUAGES = (("fr", 55), ("de", 25), ("en", 20))
# Conditions a history may hold, from the knowledge base's codes: mostly none, a few that
# call for a clinician's acknowledgement, fewer that rule mesotherapy out.
RELATIVE = ("psoriasis", "neurodermatitis", "herpes_tendency", "bleeding_disorder", "dysmorphophobia")
ABSOLUTE = (
    "epilepsy",
    "severe_cardiovascular",
    "active_autoimmune",
    "pigment_disorder",
    "hypertrophic_scarring",
)
INDICATIONS = (
    ("skin_rejuvenation", 30),
    ("wrinkles", 20),
    ("hair_loss", 20),
    ("cellulite", 15),
    ("localized_fat", 5),
    ("sports_injury", 10),
)


@dataclass(frozen=True)
class Person:
    family: str
    given: str
    born: datetime.date
    sex: str
    language: str
    indication: str  # what they came for
    answers: HistoryAnswers | None  # None: never asked yet


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _answers(rng: random.Random, sex: str, age: int, language: str, indication: str) -> HistoryAnswers:
    kb = load_knowledge()
    conditions: set[str] = set()
    roll = rng.random()
    if roll < 0.12:
        conditions.add(rng.choice(RELATIVE))
    elif roll < 0.17:
        conditions.add(rng.choice(ABSOLUTE))
    elif roll < 0.19 and sex == "female" and age < 43:
        conditions.add("pregnancy")
    allergies = {rng.choice(sorted(kb.ingredient_codes))} if rng.random() < 0.08 else set()
    medications = set()
    if rng.random() < 0.15:
        medications.add(rng.choice(("aspirin", "nsaid", "nsaid", "dipyridamole")))
    if age > 60 and rng.random() < 0.1:
        medications.add("anticoagulant")
        conditions.add("anticoagulant_therapy")
    return HistoryAnswers(
        conditions=frozenset(conditions),
        allergies=frozenset(allergies),
        medications=frozenset(medications),
        hair_loss_onset_months=rng.randint(3, 40) if indication == "hair_loss" else None,
        expects_quick_results=rng.random() < 0.08,
        goals=GOALS[indication][language],
    )


# Birthdays are counted back from a fixed day, so a later run draws the very same people.
BORN_BEFORE = datetime.date(2026, 1, 1)


def people(rng: random.Random, count: int) -> list[Person]:
    """`count` adults; about one in eight has no history yet."""
    found = []
    for _ in range(count):
        language = _pick(rng, LANGUAGES)
        sex = rng.choice(("female", "female", "female", "male"))  # mesotherapy's patients, mostly women
        age = rng.randint(19, 78)
        born = BORN_BEFORE - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        indication = _pick(rng, INDICATIONS)
        if indication == "hair_loss" and rng.random() < 0.4:
            sex = "male"
        answers = _answers(rng, sex, age, language, indication) if rng.random() < 0.88 else None
        found.append(
            Person(
                family=rng.choice(FAMILY[language]),
                given=rng.choice(GIVEN[language][sex]),
                born=born,
                sex=sex,
                language=language,
                indication=indication,
                answers=answers,
            )
        )
    return found


def people_create(*, clinic: Clinic, persons: list[Person], actor: Actor) -> list[tuple[Patient, Person]]:
    """Register each person through the patients' services (so the audit trail has them too)."""
    created = []
    for person in persons:
        patient = patient_create(
            actor=actor,
            clinic=clinic,
            family_name=person.family,
            given_name=person.given,
            date_of_birth=person.born,
            sex=person.sex,
            preferred_language=person.language,
        )
        if person.answers is not None:
            history_update(patient=patient, answers=person.answers, actor=actor)
        created.append((patient, person))
    return created
