"""Patient search at 100,000 patients: how long the list page's queries take.

Builds a throw-away SQLite database (or uses DATABASE_URL), fills one clinic with
100,000 patients, then times the searches the Patients page runs (the page of
rows and the count for its pagination). Prints figures; asserts nothing.
Run: .venv/bin/python bench/patient_search.py [COUNT]
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import tempfile
import time

os.environ.setdefault("MESODESK_VAR_DIR", tempfile.mkdtemp(prefix="mesodesk-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesodesk.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402

from mesodesk.accounts.models import Clinic, Network  # noqa: E402
from mesodesk.patients.models import Patient  # noqa: E402
from mesodesk.patients.selectors import patient_search  # noqa: E402

FAMILY = ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
          "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard"]  # fmt: skip
GIVEN = [
    "Claire",
    "Sophie",
    "Lucas",
    "Amélie",
    "Julien",
    "Inès",
    "Hugo",
    "Léa",
    "Louis",
    "Chloé",
    "Emma",
    "Nathan",
]


def fill(count: int) -> Clinic:
    rng = random.Random(3)
    with scopes_disabled():
        network = Network.objects.create(name="Bench")
        clinic = Clinic.objects.create(network=network, name="Bench clinic", slug="bench")
        other = Clinic.objects.create(network=network, name="Other clinic", slug="other")
        batch = []
        for i in range(count):
            batch.append(
                Patient(
                    clinic=clinic if i % 10 else other,
                    family_name=f"{rng.choice(FAMILY)}{'' if i % 3 else rng.randint(1, 999)}",
                    given_name=rng.choice(GIVEN),
                    date_of_birth=datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randint(0, 30000)),
                )
            )
            if len(batch) == 5000:
                Patient.objects.bulk_create(batch)
                batch = []
        Patient.objects.bulk_create(batch)
    return clinic


def timed(label: str, clinic: Clinic, query: str, repeat: int = 15) -> None:
    times = []
    with scope(clinic=clinic):
        for _ in range(repeat):
            start = time.perf_counter()
            page = Paginator(patient_search(query=query), 25).get_page(1)
            rows = list(page)
            _ = page.paginator.count
            times.append(time.perf_counter() - start)
    print(
        f"{label:34s} {statistics.median(times) * 1000:8.2f} ms   ({page.paginator.count} matches, {len(rows)} shown)"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    clinic = fill(count)
    print(
        f"{count:,} patients created in {time.perf_counter() - start:.1f} s on {django.db.connection.vendor}"
    )
    if os.environ.get("BENCH_ANALYZE"):
        with django.db.connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    with scopes_disabled():
        some = Patient.objects.filter(clinic=clinic).order_by("?").first()
    assert some is not None
    timed("list, no search", clinic, "")
    timed("name prefix 'mor'", clinic, "mor")
    timed("two words 'martin claire'", clinic, "martin claire")
    timed("date of birth", clinic, some.date_of_birth.isoformat())
    timed("pseudonymous id", clinic, some.pseudonym)


if __name__ == "__main__":
    main()
