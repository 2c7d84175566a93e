"""More patients for the load scenario: `mesodesk manage shell -c` runs `fill(count)`, which adds
patients to the demo's Bellecour clinic until it holds `count` (bulk rows, as bench/patient_search.py
makes them: a benchmark's fixture, not a clinic's registrations, so they carry no audit line)."""

from __future__ import annotations

import datetime
import random

from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic
from mesodesk.patients.models import Patient

FAMILY = ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Schmidt", "Müller", "Smith", "Roux", "Petit"]
GIVEN = ["Claire", "Sophie", "Lucas", "Amélie", "Jonas", "Lena", "Emma", "Hugo", "Anna", "Paul"]


def fill(count: int) -> None:
    rng = random.Random(11)
    with scopes_disabled():
        clinic = Clinic.objects.get(slug="bellecour")
        missing = count - Patient.objects.filter(clinic=clinic).count()
        for start in range(0, max(missing, 0), 5000):
            Patient.objects.bulk_create(
                Patient(
                    clinic=clinic,
                    family_name=f"{rng.choice(FAMILY)}{rng.randint(1, 9999)}",
                    given_name=rng.choice(GIVEN),
                    date_of_birth=datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randint(0, 30000)),
                )
                for _ in range(min(5000, missing - start))
            )
