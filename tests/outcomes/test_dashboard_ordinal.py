"""Issue 14: an ordinal scale (Glogau, Norwood, Ludwig, wrinkle grade) on the dashboard is
shown by its grades' names and summarised by the share of courses improved, unchanged and
worse (Wilson intervals) with a Wilcoxon signed-rank test; never a mean of ranks, never "3,0"."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.utils import translation
from scipy import stats

from mesodesk.accounts.models import Clinic
from mesodesk.clinic.outcome_stats import wilson
from tests.conftest import make_patient, signed_in
from tests.outcomes.conftest import course_begun, rate
from tests.outcomes.test_dashboard import QUERIES

STAGES = ["I", "II", "III", "IV"]
BEFORE = ["III", "IV", "II", "III", "IV", "III"]
AFTER = ["II", "III", "II", "IV", "II", "III"]  # lower is better: 3 improved, 2 unchanged, 1 worse


def _fill(clinic: Clinic, clinician: Any, n: int = 6, prefix: str = "G") -> None:
    for i in range(n):
        course = course_begun(make_patient(clinic, f"{prefix}{i}", "Anna"), clinician)
        rate(course, clinician, "glogau", "baseline", BEFORE[i % 6])
        rate(course, clinician, "glogau", "end", AFTER[i % 6])


def _glogau_block(html: str) -> str:
    start = html.index("<h4>Photo-ageing type (Glogau)</h4>")
    end = html.find("<h4>", start + 1)
    return html[start : end if end != -1 else len(html)]


def test_the_stages_are_shown_by_their_names_never_a_decimal_rank(
    client: Client, clinic_a: Clinic, alice: Any
) -> None:
    _fill(clinic_a, alice)
    block = _glogau_block(signed_in(client, alice).get("/outcomes/").content.decode())
    assert "<td>Glogau III</td><td>Glogau II</td>" in block  # the chart's table, course by course
    assert ">Glogau IV</text>" in block  # the axis names the grades
    assert "Glogau III → Glogau II" in block
    assert not re.search(r">\d+[.,]0\b", block)
    assert "Mean change" not in block


def test_the_summary_is_improved_unchanged_worse_with_wilson_and_wilcoxon(
    client: Client, clinic_a: Clinic, alice: Any
) -> None:
    _fill(clinic_a, alice)
    block = _glogau_block(signed_in(client, alice).get("/outcomes/").content.decode())
    assert "Over 6 pairs: 3 improved, 2 unchanged, 1 worse" in block
    for count in (3, 2, 1):
        low, high = wilson(count, 6)
        assert f"{count}/6 ({low:.2f}–{high:.2f})" in block
    ranks = {s: n for n, s in enumerate(STAGES, 1)}
    improvement = [ranks[b] - ranks[a] for b, a in zip(BEFORE, AFTER, strict=True)]
    p = stats.wilcoxon(improvement, zero_method="wilcox").pvalue
    assert f"Wilcoxon signed-rank test over 6 pairs: p = {p:.3f}." in block
    assert "too few to say anything" not in block


def test_a_small_ordinal_group_is_flagged_and_not_tested(
    client: Client, clinic_a: Clinic, alice: Any
) -> None:
    _fill(clinic_a, alice, n=2)
    block = _glogau_block(signed_in(client, alice).get("/outcomes/").content.decode())
    assert "Over 2 pairs: 2 improved, 0 unchanged, 0 worse" in block
    assert "Fewer than 3 pairs: too few to say anything." in block
    assert "Wilcoxon" not in block


def test_the_wrinkle_grade_is_named_too_and_in_german(client: Client, clinic_a: Clinic, alice: Any) -> None:
    for i, (before, after) in enumerate([(4, 2), (3, 3), (5, 3)]):
        course = course_begun(make_patient(clinic_a, f"W{i}", "Anna"), alice)
        rate(course, alice, "wrinkle_severity", "baseline", before)
        rate(course, alice, "wrinkle_severity", "end", after)
    signed_in(client, alice)
    client.cookies["django_language"] = "de"
    try:
        html = client.get("/outcomes/").content.decode()
    finally:
        translation.activate("en")
    assert "<td>4 – stark</td><td>2 – leicht</td>" in html
    assert not re.search(r"<td>\d,0</td>", html)
    assert "Über 3 Paare: 2 verbessert, 1 unverändert, 0 verschlechtert" in html


def test_the_queries_stay_the_same_with_ordinal_scales(
    client: Client, clinic_a: Clinic, alice: Any, django_assert_num_queries: Any
) -> None:
    _fill(clinic_a, alice, n=2)
    signed_in(client, alice).get("/outcomes/")
    with django_assert_num_queries(QUERIES):
        assert client.get("/outcomes/").status_code == 200
    _fill(clinic_a, alice, n=6, prefix="More")
    with django_assert_num_queries(QUERIES):
        assert client.get("/outcomes/").status_code == 200
