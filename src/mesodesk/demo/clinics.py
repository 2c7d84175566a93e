"""The demo network that `make run` creates: two clinics, one person per role in each (and a
second clinician), three named patients each, then a living practice (demo.seed). Running
it again changes nothing that is already there."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic, Membership, Network, Role
from mesodesk.courses.models import PriceList
from mesodesk.demo.seed import PATIENTS_PER_CLINIC, SEED, practice_seed
from mesodesk.demo.stock import stock_seed
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Room

DEMO_PASSWORD = "mesodesk-demo-2026"  # noqa: S105 - printed to the user: it is a demo
CLINICS = (("bellecour", "Clinique Bellecour"), ("confluence", "Cabinet Confluence"))
# The letterhead of each demo clinic's documents: an address and a plain monogram for a logo.
ADDRESSES = {
    "bellecour": "12 place Bellecour\n69002 Lyon\n+33 4 78 00 00 01",
    "confluence": "5 cours Charlemagne\n69002 Lyon\n+33 4 78 00 00 02",
}


def monogram(letter: str, colour: str) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
        f'<circle cx="32" cy="32" r="30" fill="{colour}"/>'
        '<text x="32" y="43" font-family="DejaVu Sans" font-size="30" fill="#fff" '
        f'text-anchor="middle">{letter}</text>'
        "</svg>"
    ).encode()


LOGOS = {"bellecour": monogram("B", "#1f5f8b"), "confluence": monogram("C", "#7a3e6d")}
# The clinicians' names, as the calendar and the dashboard show them; a second one per clinic.
CLINICIANS = {
    "bellecour": (("bellecour-clinician", "Camille", "Roux"), ("bellecour-clinician-2", "Hugo", "Faure")),
    "confluence": (("confluence-clinician", "Anna", "Keller"), ("confluence-clinician-2", "Julien", "Morel")),
}
PATIENTS = {
    "bellecour": (
        ("Martin", "Claire", datetime.date(1983, 4, 12), "female"),
        ("Bernard", "Sophie", datetime.date(1975, 9, 30), "female"),
        ("Petit", "Lucas", datetime.date(1990, 1, 31), "male"),
    ),
    "confluence": (
        ("Durand", "Amélie", datetime.date(1968, 6, 2), "female"),
        ("Leroy", "Julien", datetime.date(1986, 11, 17), "male"),
        ("Moreau", "Inès", datetime.date(2001, 3, 8), "female"),
    ),
}


@dataclass(frozen=True)
class DemoSignIn:
    clinic: str
    role: str
    username: str


def _user(username: str, first: str, last: str, password: str) -> Any:
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "password": password}
    )
    return user


def demo_create(*, seed: int = SEED, patients_per_clinic: int = PATIENTS_PER_CLINIC) -> list[DemoSignIn]:
    sign_ins = []
    # One hash for every demo person (they share the password): argon2 is slow by design.
    password = make_password(DEMO_PASSWORD)
    with transaction.atomic(), scopes_disabled():
        network, _ = Network.objects.get_or_create(name="Réseau démo")
        for slug, name in CLINICS:
            clinic, _ = Clinic.objects.get_or_create(slug=slug, defaults={"network": network, "name": name})
            if not clinic.address:  # a demo made before clinics had a letterhead gets one
                clinic.address, clinic.logo = ADDRESSES[slug], LOGOS[slug]
                clinic.save(update_fields=["address", "logo"])
            names = {username: (first, last) for username, first, last in CLINICIANS[slug]}
            for role in Role:
                username = f"{slug}-{role.value.replace('_', '-')}"
                user = _user(username, *names.get(username, ("", "")), password)
                Membership.objects.get_or_create(user=user, clinic=clinic, defaults={"role": role.value})
                sign_ins.append(DemoSignIn(name, str(role.label), username))
            second, first, last = CLINICIANS[slug][1]
            Membership.objects.get_or_create(
                user=_user(second, first, last, password),
                clinic=clinic,
                defaults={"role": Role.CLINICIAN.value},
            )
            sign_ins.append(DemoSignIn(name, str(Role.CLINICIAN.label), second))
            for room in ("Room 1", "Room 2"):
                Room.objects.get_or_create(clinic=clinic, name=room)
            PriceList.objects.get_or_create(
                clinic=clinic,
                defaults={
                    "per_session": Decimal("90.00"),
                    "package_sessions": 4,
                    "package_price": Decimal("320.00"),
                },
            )
            for family, given, born, sex in PATIENTS[slug]:
                Patient.objects.get_or_create(
                    clinic=clinic,
                    family_name=family,
                    given_name=given,
                    date_of_birth=born,
                    defaults={"sex": sex},
                )
    for index, (slug, _name) in enumerate(CLINICS):
        with scopes_disabled():
            clinic = Clinic.objects.get(slug=slug)
        rng = random.Random(seed + index)  # noqa: S311 - a demo, repeatable on purpose
        practice_seed(clinic, rng=rng, patients=patients_per_clinic)
        with scopes_disabled():
            clinician = get_user_model().objects.get(username=f"{slug}-clinician")
        stock_seed(clinic, actor=clinician)
    return sign_ins
