"""The generator's draws: people, courses and injection points as plain values, from a seeded
`random.Random` in a fixed order (demo.generate writes them). No database here."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from mesodesk.charting.bodymap import VIEW_BY_CODE
from mesodesk.clinic.planning import PlannedSession, plan_protocol
from mesodesk.clinic.screening import screen
from mesodesk.demo.names import FAMILY, GIVEN, GOALS
from mesodesk.demo.people import ABSOLUTE, INDICATIONS, LANGUAGES, RELATIVE
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.knowledge.model import Protocol

# Crockford's base 32, as patients.models.new_pseudonym; generated ids are a permutation of
# (seed, clinic, number), so the same seed gives the same pseudonyms and two never collide.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_SPACE = 32**8
_MULTIPLIER = 0x5DEECE66D  # odd, so multiplying is a bijection modulo 32**8
# Which body-map view an indication's points go on.
VIEWS = {
    "hair_loss": "scalp_top",
    "cellulite": "abdomen",
    "localized_fat": "abdomen",
    "sports_injury": "abdomen",
}
FACE = "face_front"


@dataclass(frozen=True)
class DrawnPerson:
    pseudonym: str
    family: str
    given: str
    born: datetime.date
    sex: str
    language: str
    indication: str
    age: int
    # conditions, allergies, medications, hair-loss onset, quick results, goals; None: never asked
    history: tuple[list[str], list[str], list[str], int | None, bool, str] | None
    treated: bool  # False: no course (no history, or not wanted)


@dataclass(frozen=True)
class Drawn:
    """A course as drawn: its protocol, plan, screening and where its points go."""

    protocol: Protocol
    formulation: str
    maintenance: dict[str, Any] | None
    screening: dict[str, Any]
    sessions: tuple[PlannedSession, ...]
    view: str


def pseudonym(seed: int, clinic_index: int, number: int) -> str:
    key = ((seed * 1_000 + clinic_index) * 10_000_000 + number) % _SPACE
    value = (key * _MULTIPLIER + 0x2545F491) % _SPACE
    letters = []
    for _ in range(8):
        value, digit = divmod(value, 32)
        letters.append(_ALPHABET[digit])
    return "G-" + "".join(reversed(letters))


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def draw_person(
    rng: random.Random, *, seed: int, clinic_index: int, number: int, treated_share: float = 0.8
) -> DrawnPerson:
    """An adult of the clinic; about one in eight never gave a history; of the others,
    `treated_share` follow courses."""
    kb = load_knowledge()
    language = _pick(rng, LANGUAGES)
    indication = _pick(rng, INDICATIONS)
    sex = (
        "male"
        if indication == "hair_loss" and rng.random() < 0.4
        else rng.choice(("female",) * 3 + ("male",))
    )
    age = rng.randint(19, 78)
    born = datetime.date(2026, 1, 1) - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
    history = None
    treated = False
    if rng.random() < 0.88:
        conditions: list[str] = []
        roll = rng.random()
        if roll < 0.12:
            conditions.append(rng.choice(RELATIVE))
        elif roll < 0.16:
            conditions.append(rng.choice(ABSOLUTE))
        allergies = [rng.choice(sorted(kb.ingredient_codes))] if rng.random() < 0.05 else []
        medications = [rng.choice(("aspirin", "nsaid"))] if rng.random() < 0.1 else []
        onset = rng.randint(3, 40) if indication == "hair_loss" else None
        history = (
            conditions,
            allergies,
            medications,
            onset,
            rng.random() < 0.08,
            GOALS[indication][language],
        )
        treated = rng.random() < treated_share
    return DrawnPerson(
        pseudonym=pseudonym(seed, clinic_index, number),
        family=rng.choice(FAMILY[language]),
        given=rng.choice(GIVEN[language][sex]),
        born=born, sex=sex, language=language, indication=indication, age=age, history=history,
        treated=treated,
    )  # fmt: skip


def _formulation(rng: random.Random, indication: str) -> str:
    if indication == "hair_loss":
        return "mesohair"
    if indication in ("skin_rejuvenation", "wrinkles") and rng.random() < 0.5:
        return "mesolift"
    return ""


def draw_course(
    rng: random.Random, person: DrawnPerson, *, start: datetime.date, anchor: datetime.date
) -> Drawn | None:
    """The person's next course from `start`, or None when screening rules it out."""
    kb = load_knowledge()
    assert person.history is not None  # noqa: S101 - draw_person gives courses only with a history
    conditions, allergies, medications, onset, _quick, _goals = person.history
    formulation = _formulation(rng, person.indication)
    data: dict[str, Any] = {
        "age": person.age, "indication": person.indication, "conditions": conditions,
        "allergies": allergies, "medications": medications,
    }  # fmt: skip
    if formulation:
        data["formulation"] = formulation
    if onset is not None:
        data["hair_loss_onset_months"] = onset
    result = screen(data, kb)
    if result["verdict"] == "contraindicated":
        return None
    protocol = next(p for p in kb.protocols if person.indication in p.indications)
    plan = plan_protocol(protocol, start)
    return Drawn(
        protocol=protocol, formulation=formulation, maintenance=plan.maintenance, screening=result,
        sessions=plan.sessions, view=VIEWS.get(person.indication, FACE),
    )  # fmt: skip


Box = tuple[str, float, float, float, float]  # a region's code and where its points may fall


def _regions(view_code: str) -> tuple[str, tuple[Box, ...]]:
    """The view's code and, per region, (code, x from, x to, y from, y to): inside its polygon's
    box by half a unit, worked out once per view, not once per point."""
    found = _REGIONS.get(view_code)
    if found is None:
        view = VIEW_BY_CODE[view_code]
        boxes: list[Box] = []
        for region in view.regions:
            xs = [p[0] for p in region.polygon]
            ys = [p[1] for p in region.polygon]
            boxes.append((region.code, min(xs) + 0.5, max(xs) - 0.5, min(ys) + 0.5, max(ys) - 0.5))
        found = _REGIONS[view_code] = (view.code, tuple(boxes))
    return found


_REGIONS: dict[str, tuple[str, tuple[Box, ...]]] = {}


def draw_points(rng: random.Random, view_code: str, count: int) -> list[tuple[Any, ...]]:
    """Points on the view's regions: (view, region, technique, depth, gauge, length, x, y, volume)."""
    code, boxes = _regions(view_code)
    uniform = rng.uniform
    points = []
    for _ in range(count):
        region, x_from, x_to, y_from, y_to = rng.choice(boxes)
        x = round(uniform(x_from, x_to), 1)
        y = round(uniform(y_from, y_to), 1)
        depth = round(uniform(1.0, 2.0), 1)
        volume = round(uniform(0.02, 0.1), 3)
        points.append((code, region, "papule", f"{depth:.1f}", 30, "4.0", x, y, f"{volume:.3f}"))
    return points


# Lots of each product: received every six months for six years, each good for a year.
PRODUCTS = (
    ("mesolift", "NWM-MesoLift 5 ml"),
    ("mesohair", "NWM-MesoHair 5 ml"),
    ("plain", "Lidocaine 1 % 2 ml"),
)


def lots_plan(slug: str, anchor: datetime.date) -> list[tuple[str, str, datetime.date, datetime.date, str]]:
    """(formulation key, product name, received, expires, lot number), oldest first."""
    planned = []
    for formulation, name in PRODUCTS:
        for half_year in range(14, -1, -1):
            received = anchor - datetime.timedelta(days=182 * half_year + 30)
            expires = received + datetime.timedelta(days=365)
            planned.append(
                (
                    formulation,
                    name,
                    received,
                    expires,
                    f"{slug.upper()}-{formulation[:2].upper()}{half_year:02d}",
                )
            )
    return planned
