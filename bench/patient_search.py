"""Patient search at 10,000 and 100,000 patients: how long the list page's query takes.

Builds a throw-away SQLite database (or uses DATABASE_URL), fills one clinic with COUNT
patients (and a second clinic with a tenth of them) by raw bulk INSERTs, then times the
searches the Patients page runs: one keyset page of rows, no count (issue 15). The search
goes through the name index (FTS5 on SQLite, pg_trgm on PostgreSQL); a page far down the
list is timed beside the first. Prints figures; asserts nothing.
Run: .venv/bin/python bench/patient_search.py [COUNT ...]   (default: 10000 100000)
BENCH_SKIP_ANALYZE=1 leaves the planner without fresh statistics (see docs/operations.md).
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
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402

from mesodesk.accounts.keyset import keyset_page  # noqa: E402
from mesodesk.accounts.models import Clinic, Network  # noqa: E402
from mesodesk.patients.models import Patient  # noqa: E402
from mesodesk.patients.selectors import PATIENT_ORDER, patient_search  # noqa: E402

FAMILY = ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
          "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
          "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schäfer", "Koch"]  # fmt: skip
GIVEN = ["Claire", "Sophie", "Lucas", "Amélie", "Julien", "Inès", "Hugo", "Léa", "Louis", "Chloé", "Emma",
         "Nathan", "Hélène", "Jürgen", "Anna", "Lukas", "François", "Zoé"]  # fmt: skip
PAGE = 25


def fill(count: int, tag: str, offset: int) -> Clinic:
    """COUNT patients in one clinic and count/10 in another, by raw multi-row INSERTs."""
    rng = random.Random(3)
    with scopes_disabled():
        network = Network.objects.create(name=f"Bench {tag}")
        clinic = Clinic.objects.create(network=network, name=f"Bench clinic {tag}", slug=f"bench-{tag}")
        other = Clinic.objects.create(network=network, name=f"Other clinic {tag}", slug=f"other-{tag}")
    table = Patient._meta.db_table
    defaults = {f.column: f.get_default() for f in Patient._meta.concrete_fields}
    defaults["created_at"] = timezone.now()
    columns = [f.column for f in Patient._meta.concrete_fields if not f.primary_key]
    rows = []
    total = count + count // 10
    with connection.cursor() as cursor:
        for i in range(total):
            values = dict(defaults)
            values.update(
                clinic_id=(clinic if i < count else other).pk,
                pseudonym=f"P-{offset + i:010d}",
                family_name=f"{rng.choice(FAMILY)}{'' if i % 3 else rng.randint(1, 999)}",
                given_name=rng.choice(GIVEN),
                date_of_birth=datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randint(0, 30000)),
            )
            rows.append([_plain(values[c]) for c in columns])
            if len(rows) == 2000 or i == total - 1:
                marks = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES {marks}"  # noqa: S608 - our own columns
                cursor.execute(sql, [v for row in rows for v in row])
                rows = []
    return clinic


def _plain(value: object) -> object:
    if isinstance(value, dict | list):
        import json

        return json.dumps(value)
    return value


def timed(label: str, clinic: Clinic, query: str, *, far: bool = False, repeat: int = 15) -> None:
    times = []
    with scope(clinic=clinic):
        cursor = None
        if far:  # walk 20 pages down once, then time the 21st
            for _ in range(20):
                cursor = keyset_page(
                    patient_search(query=query), order=PATIENT_ORDER, cursor=cursor, size=PAGE
                ).next_cursor
        for _ in range(repeat):
            start = time.perf_counter()
            page = keyset_page(
                patient_search(query=query),
                order=PATIENT_ORDER,
                cursor=cursor,
                size=PAGE,
                sort_matches=bool(query),
            )
            times.append(time.perf_counter() - start)
    more = "more" if page.next_cursor else "last"
    print(f"  {label:34s} {statistics.median(times) * 1000:8.2f} ms   ({len(page.rows)} shown, {more})")


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    call_command("migrate", verbosity=0)
    offset = 0
    for count in counts:
        start = time.perf_counter()
        clinic = fill(count, f"n{count}", offset)
        offset += count + count // 10
        print(
            f"{count:,} patients (+{count // 10:,} in another clinic) inserted in {time.perf_counter() - start:.1f} s on {connection.vendor}"
        )
        if not os.environ.get("BENCH_SKIP_ANALYZE"):  # as `make run` does (optimize_database)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        with scopes_disabled():
            some = Patient.objects.filter(clinic=clinic).order_by("?").first()
        assert some is not None
        timed("list, first page", clinic, "")
        timed("list, page 21", clinic, "", far=True)
        timed("name prefix 'mor'", clinic, "mor")
        timed("accents folded 'muller'", clinic, "muller")
        timed("two words 'martin claire'", clinic, "martin claire")
        timed("rare 'schafer zoe', page 1", clinic, "schafer zoe")
        timed("date of birth", clinic, some.date_of_birth.isoformat())
        timed("pseudonymous id", clinic, some.pseudonym)


if __name__ == "__main__":
    main()
