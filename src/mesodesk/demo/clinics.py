"""The demo network that `make run` creates: two clinics, one person per role in each,
a few patients. Running it again changes nothing that is already there."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic, Membership, Network, Role
from mesodesk.courses.models import PriceList
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Room

DEMO_PASSWORD = "mesodesk-demo-2026"  # noqa: S105 - printed to the user: it is a demo
CLINICS = (("bellecour", "Clinique Bellecour"), ("confluence", "Cabinet Confluence"))
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


def demo_create() -> list[DemoSignIn]:
    User = get_user_model()  # noqa: N806 - Django's idiom
    sign_ins = []
    with transaction.atomic(), scopes_disabled():
        network, _ = Network.objects.get_or_create(name="Réseau démo")
        for slug, name in CLINICS:
            clinic, _ = Clinic.objects.get_or_create(slug=slug, defaults={"network": network, "name": name})
            for role in Role:
                username = f"{slug}-{role.value.replace('_', '-')}"
                user, created = User.objects.get_or_create(username=username)
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.save(update_fields=["password"])
                Membership.objects.get_or_create(user=user, clinic=clinic, defaults={"role": role.value})
                sign_ins.append(DemoSignIn(name, str(role.label), username))
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
    return sign_ins
