"""The clinic's outcomes dashboard: its numbers equal those computed directly, its queries do
not grow with the data, and it shows nothing of another clinic nor to the wrong role."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from mesodesk.accounts.models import Clinic
from mesodesk.clinic.outcome_stats import PairedDifference, wilson
from mesodesk.outcomes.dashboard import outcomes_by
from tests.conftest import make_patient, signed_in
from tests.outcomes.conftest import course_begun, rate

LEVELS = ["very_satisfied", "satisfied", "satisfied", "less_satisfied", "very_satisfied", "satisfied"]
BEFORE = [5, 4, 4, 3, 5, 4]
AFTER = [3, 3, 4, 3, 2, 2]


def _fill(clinic: Clinic, clinician: Any, n: int = 6, prefix: str = "P") -> None:
    for i in range(n):
        course = course_begun(make_patient(clinic, f"{prefix}{i}", "Anna"), clinician)
        rate(course, clinician, "pain_vas", "baseline", BEFORE[i % 6], rater="patient")
        rate(course, clinician, "pain_vas", "end", AFTER[i % 6], rater="patient")
        rate(course, clinician, "network_satisfaction", "end", LEVELS[i % 6], rater="patient")


def test_the_numbers_equal_those_computed_directly(clinic_a: Clinic, alice: Any) -> None:
    _fill(clinic_a, alice)
    with scope(clinic=clinic_a):
        (group,) = outcomes_by("indication")
    assert group.satisfaction == {"less_satisfied": 1, "satisfied": 3, "very_satisfied": 2}
    satisfied = group.satisfied
    assert (satisfied.count, satisfied.n) == (5, 6)
    assert (satisfied.low, satisfied.high) == wilson(5, 6)
    (code, paired, difference) = group.differences[0]
    assert code == "pain_vas"
    expected = PairedDifference([float(b) for b in BEFORE], [float(a) for a in AFTER])
    assert (difference.n, difference.mean, difference.low, difference.high) == (
        expected.n, expected.mean, expected.low, expected.high,
    )  # fmt: skip
    assert difference.mean == pytest.approx(sum(a - b for a, b in zip(AFTER, BEFORE, strict=True)) / 6)


def test_the_page_shows_the_counts_and_intervals(client: Client, clinic_a: Clinic, alice: Any) -> None:
    _fill(clinic_a, alice)
    html = signed_in(client, alice).get("/outcomes/").content.decode()
    low, high = wilson(5, 6)
    assert f"5/6 = 83 % ({low:.2f}–{high:.2f})" in html
    expected = PairedDifference([float(b) for b in BEFORE], [float(a) for a in AFTER])
    assert expected.low is not None and expected.high is not None
    assert (
        f"Mean change over 6 pairs: {expected.mean:.2f} (95 % interval {expected.low:.2f} to {expected.high:.2f})"
        in html
    )
    assert "too few to say anything" not in html
    assert html.count("<svg") == 2  # the stacked bar and the paired plot, each with its table
    assert html.count("<table") == 2


def test_a_small_group_is_flagged_too_small(client: Client, clinic_a: Clinic, alice: Any) -> None:
    _fill(clinic_a, alice, n=2)
    html = signed_in(client, alice).get("/outcomes/").content.decode()
    assert "Only 2 answers: too few to say anything." in html
    assert "Fewer than 3 pairs: too few to say anything." in html


def test_grouped_by_clinician_it_names_the_clinician(client: Client, clinic_a: Clinic, alice: Any) -> None:
    alice.first_name, alice.last_name = "Alice", "Durand"
    alice.save(update_fields=["first_name", "last_name"])
    _fill(clinic_a, alice, n=1)
    html = signed_in(client, alice).get("/outcomes/?by=clinician").content.decode()
    assert "Alice Durand" in html


def test_the_other_clinic_sees_none_of_it(client: Client, clinic_a: Clinic, alice: Any, charlie: Any) -> None:
    _fill(clinic_a, alice)
    html = signed_in(client, charlie).get("/outcomes/").content.decode()
    assert "No outcome recorded yet." in html
    assert "5/6" not in html


def test_the_clinic_administrator_reads_it_and_the_assistant_may_not(
    client: Client, clinic_a: Clinic, alice: Any, carol: Any, bob: Any
) -> None:
    _fill(clinic_a, alice, n=1)
    assert signed_in(client, carol).get("/outcomes/").status_code == 200
    client.logout()
    assert signed_in(client, bob).get("/outcomes/").status_code == 403


def test_no_patient_is_named_on_the_dashboard(client: Client, clinic_a: Clinic, alice: Any) -> None:
    _fill(clinic_a, alice, n=3, prefix="Zorglub")
    html = signed_in(client, alice).get("/outcomes/").content.decode()
    assert not re.search("Zorglub", html)


# Session, user, membership (twice: middleware and navigation); the clinic's own instruments;
# the responses; the links. (Grouped by clinician, one more: their names.)
QUERIES = 7


def test_the_dashboard_queries_do_not_grow_with_the_data(
    client: Client, clinic_a: Clinic, alice: Any, django_assert_num_queries: Any
) -> None:
    _fill(clinic_a, alice, n=2)
    signed_in(client, alice).get("/outcomes/")
    with django_assert_num_queries(QUERIES):
        assert client.get("/outcomes/").status_code == 200
    _fill(clinic_a, alice, n=6, prefix="More")
    with django_assert_num_queries(QUERIES):
        assert client.get("/outcomes/").status_code == 200


def test_an_analyst_is_sent_to_the_network_registry(client: Client, nina: Any) -> None:
    """The menu's Outcomes entry leads an analyst to the pseudonymized registry, never to a
    clinic's own outcomes."""
    response = signed_in(client, nina).get("/outcomes/")
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:report")


def test_the_charts_draw_in_german_too(client: Client, clinic_a: Clinic, alice: Any) -> None:
    """A German page writes 400,0 for 400.0; an SVG size or coordinate written so draws nothing."""
    _fill(clinic_a, alice)
    signed_in(client, alice)
    client.cookies["django_language"] = "de"
    try:
        html = client.get("/outcomes/").content.decode()
    finally:
        translation.activate("en")
    assert "Zufriedenheit" in html
    svg_numbers = re.findall(r"<svg[^>]*>|<(?:rect|line|text)\b[^>]*>", html)
    assert svg_numbers
    assert not [tag for tag in svg_numbers if re.search(r'="[^"]*\d,\d', tag)]
