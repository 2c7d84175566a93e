"""Issue 15: on PostgreSQL the name search reads the stored folded name through its trigram
index (migration 0007), and the database folds names exactly as Python's `fold` folds a query,
or a patient would not be found by the name they were given."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesodesk.accounts.models import Clinic
from mesodesk.patients.models import Patient
from mesodesk.patients.search import ACCENTED, LIGATURES, fold
from mesodesk.patients.selectors import patient_search
from tests.conftest import make_patient

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's"),
]

# Names as French and German practices write them: accents either case, ligatures, hyphens,
# apostrophes (straight and typographic), spaces.
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTS = ACCENTED + ACCENTED.upper() + "".join(letter for letter, _ in LIGATURES) + "ŒÆ"
NAMES = st.text(alphabet=_LETTERS + _ACCENTS + " ", min_size=1, max_size=40)


def _plan(clinic: Clinic, query: str) -> str:
    with scope(clinic=clinic):
        return patient_search(query=query)[:50].explain()


def test_a_name_search_on_a_large_clinic_reads_the_folded_names_index(clinic_a: Clinic) -> None:
    # A clinic large enough that reading all its names costs more than the index, with fresh
    # statistics; a scan of the whole table is ruled out (the other tests' tables are tiny), so
    # the planner weighs the trigram index against the clinic's: only a query on the indexed
    # column can use the trigram one.
    with scopes_disabled():
        Patient.objects.bulk_create(
            (
                Patient(
                    clinic=clinic_a,
                    pseudonym=f"P-{i:08d}",
                    family_name=("Martin", "Müller", "Dubois", "O'Brien", "Lefèvre")[i % 5] + str(i),
                    given_name=("Claire", "Hélène", "Jean-Pierre")[i % 3],
                    date_of_birth=datetime.date(1980, 1, 1),
                )
                for i in range(5000)
            ),
            batch_size=5000,
        )
    make_patient(clinic_a, "Schäfer", "Zoé")
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk insert: the index's pending entries into its tree.
        cursor.execute("SELECT gin_clean_pending_list('patient_name_folded_trgm')")
        cursor.execute("ANALYZE patients_patient")
        cursor.execute("SET LOCAL enable_seqscan = off")
    for query in ("schafer zoe", "muller helene", "brien"):
        plan = _plan(clinic_a, query)
        assert "patient_name_folded_trgm" in plan, plan
        assert "mesodesk_fold" not in plan, plan  # the recheck reads the column, folds nothing


@settings(max_examples=150, deadline=None)
@given(text=NAMES)
def test_the_database_folds_a_text_as_python_does(text: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT mesodesk_fold(%s)", [text])
        assert cursor.fetchone()[0] == fold(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(family=NAMES.filter(str.strip), given_name=NAMES.filter(str.strip))
def test_the_stored_folded_name_is_pythons_and_finds_the_patient(
    clinic_a: Clinic, family: str, given_name: str
) -> None:
    patient = make_patient(clinic_a, family[:100], given_name[:100])
    with connection.cursor() as cursor:
        cursor.execute("SELECT name_folded FROM patients_patient WHERE id = %s", [patient.pk])
        assert cursor.fetchone()[0] == fold(f" {patient.family_name} {patient.given_name}")
    with scope(clinic=clinic_a):
        assert patient in patient_search(query=f"{patient.family_name} {patient.given_name}")
    with scopes_disabled():
        patient.delete()
