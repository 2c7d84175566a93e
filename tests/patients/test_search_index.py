"""Issue 15: name search through an index (FTS5 on SQLite, pg_trgm on PostgreSQL), case and
accents aside, and the list paged by keyset: no COUNT, page N as cheap as page 1."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.keyset import encode_cursor
from mesodesk.accounts.models import Clinic
from mesodesk.patients.models import Patient
from mesodesk.patients.search import fold
from mesodesk.patients.selectors import patient_search
from tests.conftest import make_patient, signed_in

pytestmark = pytest.mark.django_db


def found(clinic: Clinic, query: str) -> set[str]:
    with scope(clinic=clinic):
        return {f"{p.family_name} {p.given_name}" for p in patient_search(query=query)}


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("muller", "Müller Hélène"),
        ("MÜLLER", "Müller Hélène"),
        ("helene", "Müller Hélène"),
        ("Hélène müll", "Müller Hélène"),
        ("francois", "Lefèvre François"),
        ("lefevre", "Lefèvre François"),
        ("zoe", "Strauß Zoé"),
        ("pierre", "Dupont Jean-Pierre"),
        ("jean-pierre", "Dupont Jean-Pierre"),
        ("brien", "O'Brien Seán"),
    ],
)
def test_a_name_is_found_whatever_its_case_and_accents(clinic_a: Clinic, query: str, name: str) -> None:
    for family, given in (
        ("Müller", "Hélène"),
        ("Lefèvre", "François"),
        ("Strauß", "Zoé"),
        ("Dupont", "Jean-Pierre"),
        ("O'Brien", "Seán"),
    ):
        make_patient(clinic_a, family, given)
    assert found(clinic_a, query) == {name}


def test_each_word_must_start_a_word_of_the_name(clinic_a: Clinic) -> None:
    make_patient(clinic_a, "Martin", "Claire")
    make_patient(clinic_a, "Bernard", "Martine")
    assert found(clinic_a, "mart") == {"Martin Claire", "Bernard Martine"}
    assert found(clinic_a, "mart cl") == {"Martin Claire"}
    assert found(clinic_a, "artin") == set()


def test_the_other_clinics_patients_never_match(clinic_a: Clinic, patient_b: Patient) -> None:
    make_patient(clinic_a, "Canary", "Alice")
    assert found(clinic_a, "canary") == {"Canary Alice"}
    assert found(clinic_a, "zebulon") == set()


def test_a_renamed_patient_is_found_by_the_new_name_only(clinic_a: Clinic) -> None:
    patient = make_patient(clinic_a, "Martin", "Claire")
    with scopes_disabled():
        Patient.objects.filter(pk=patient.pk).update(family_name="Müller")
    assert found(clinic_a, "muller") == {"Müller Claire"}
    assert found(clinic_a, "martin") == set()


@pytest.mark.parametrize("query", ['"', "*", "a OR b", "NEAR(x", "50%", "o_k", "\\"])
def test_search_syntax_in_a_query_is_taken_literally(clinic_a: Clinic, query: str) -> None:
    make_patient(clinic_a, "Martin", "Claire")
    assert found(clinic_a, query) == set()


def test_the_python_folding_is_the_databases() -> None:
    assert fold("Müller Hélène Strauß Œuvre Ça") == "muller helene strauss oeuvre ca"


def _walk(client: Client, query: str = "") -> tuple[list[str], list[int]]:
    """Every page from the first by its Next link: the pseudonyms shown and each page's queries."""
    shown: list[str] = []
    costs: list[int] = []
    url = f"/patients/?q={query}"
    while url:
        client.get(url)  # the same request twice: the second is measured, warm
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        costs.append(len(queries))
        shown += [part.split("/")[0] for part in html.split('href="/patients/P-')[1:]]
        url = ""
        if 'rel="next"' in html:
            url = "/patients/" + html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace(
                "&amp;", "&"
            )
    return shown, costs


def test_keyset_pages_show_every_patient_exactly_once_even_with_ties(
    client: Client, alice: Any, clinic_a: Clinic, patient_b: Patient
) -> None:
    # 60 namesakes (the sort key ties but for the id) among 20 others: three pages of 25.
    patients = [make_patient(clinic_a, "Dupont", "Marie") for _ in range(60)]
    patients += [make_patient(clinic_a, f"Name{i:02d}", "X") for i in range(20)]
    signed_in(client, alice)
    shown, costs = _walk(client)
    assert sorted(shown) == sorted(p.pseudonym[2:] for p in patients)
    assert len(costs) == 4
    assert len(set(costs)) == 1, costs  # page 4 costs what page 1 costs


def test_search_results_page_by_keyset_too(client: Client, alice: Any, clinic_a: Clinic) -> None:
    patients = [make_patient(clinic_a, "Müller", "Anna") for _ in range(30)]
    make_patient(clinic_a, "Martin", "Claire")
    signed_in(client, alice)
    shown, _ = _walk(client, "muller")
    assert sorted(shown) == sorted(p.pseudonym[2:] for p in patients)


def test_the_previous_link_goes_back_one_page(client: Client, alice: Any, clinic_a: Clinic) -> None:
    for i in range(60):
        make_patient(clinic_a, f"Name{i:02d}", "X")
    signed_in(client, alice)
    first = client.get("/patients/").content.decode()
    second = client.get(
        "/patients/" + first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    )
    html = second.content.decode()
    assert "NAME25" in html and "NAME24" not in html
    back = html.split('rel="prev"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    again = client.get("/patients/" + back).content.decode()
    assert "NAME00" in again and "NAME24" in again and "NAME25" not in again


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense",
        "W10",
        "WyJ6IixbXV0",
        "",
        "%00",
        encode_cursor("a", ["Martin", "Claire", "not an id"]),
        encode_cursor("b", ["Martin", "Claire", 1.5e300]),
    ],
)
def test_a_cursor_not_written_by_the_page_shows_the_first_page(
    client: Client, alice: Any, clinic_a: Clinic, cursor: str
) -> None:
    make_patient(clinic_a, "Martin", "Claire")
    signed_in(client, alice)
    response = client.get("/patients/", {"cursor": cursor})
    assert response.status_code == 200 and "MARTIN" in response.content.decode()


def test_the_list_runs_no_count(client: Client, alice: Any, clinic_a: Clinic) -> None:
    make_patient(clinic_a, "Martin", "Claire")
    signed_in(client, alice)
    client.get("/patients/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/patients/", {"q": "mart"})
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


@pytest.mark.parametrize("query", ["P-7K2M", "p-7k2m", "7k2m", "7K2M0", "P-7K2M0"])
def test_part_of_an_id_finds_the_patients_page_by_page_and_only_the_clinics(
    client: Client, alice: Any, clinic_a: Clinic, clinic_b: Clinic, query: str
) -> None:
    # 30 ids sharing "7K2M0" (more than a page), one other, and clinic B's with the same start.
    wanted = [make_patient(clinic_a, f"Name{i:02d}", "X", pseudonym=f"P-7K2M0{i:03d}") for i in range(30)]
    make_patient(clinic_a, "Martin", "Claire", pseudonym="P-ABCDEFGH")
    make_patient(clinic_b, "Canary-7f3e", "Zebulon", pseudonym="P-7K2M0999")
    signed_in(client, alice)
    shown, costs = _walk(client, query)
    assert sorted(shown) == sorted(p.pseudonym[2:] for p in wanted)
    assert len(costs) == 2


def test_the_middle_of_an_id_finds_its_patient_and_a_name_is_never_taken_for_an_id(clinic_a: Clinic) -> None:
    patient = make_patient(clinic_a, "Weber", "Anna", pseudonym="P-9QXA7K2M")
    make_patient(clinic_a, "Martin", "Claire", pseudonym="P-WEBER123")
    with scope(clinic=clinic_a):
        assert list(patient_search(query="qxa7")) == [patient]
        assert list(patient_search(query="weber")) == [patient]  # a name: no digit, no "P-"
        assert list(patient_search(query="7")) == []  # too short to be an id's part
