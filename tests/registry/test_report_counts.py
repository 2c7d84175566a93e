"""The report's counts equal those worked out from the generated rows (conftest.Generated)."""

from __future__ import annotations

import statistics

import pytest
from django.test import override_settings

from mesodesk.accounts.models import Network
from mesodesk.registry.report import ALL
from mesodesk.registry.services import registry_report_for_network
from tests.registry.conftest import FEW, HAIR, REPORT_YEAR, SKIN, Generated

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(registry_network: Generated, network: Network):  # type: ignore[no-untyped-def]
    return registry_report_for_network(network_id=network.pk, year=REPORT_YEAR)


def test_the_overview_counts_the_networks_treated_patients_and_done_sessions(
    report, registry_network
) -> None:  # type: ignore[no-untyped-def]
    assert report.overview.clinics == 2
    assert report.overview.patients == 2 * (HAIR + SKIN + FEW)
    assert report.overview.sessions == registry_network.sessions


def test_patients_are_counted_by_indication_and_formulation(report, registry_network) -> None:  # type: ignore[no-untyped-def]
    rows = {(row.indication, row.formulation): row.patients for row in report.patients}
    assert rows[("hair_loss", "mesohair")] == registry_network.patients["hair_loss"] == 2 * HAIR
    assert rows[("hair_loss", None)] == 2 * HAIR
    assert rows[("skin_rejuvenation", "mesolift")] == 2 * SKIN
    assert rows[(ALL, None)] == 2 * (HAIR + SKIN + FEW)


def test_satisfaction_counts_each_patients_last_answer_of_the_year(report, registry_network) -> None:  # type: ignore[no-untyped-def]
    hair = next(row for row in report.satisfaction if row.indication == "hair_loss")
    expected = registry_network.satisfaction["hair_loss"]
    assert hair.patients == 2 * HAIR
    assert {level: hair.counts[level] for level in expected} == {
        level: count if count >= 5 else "<5" for level, count in expected.items()
    }


def test_quantitative_outcomes_give_the_quartiles_of_the_generated_scores(report, registry_network) -> None:  # type: ignore[no-untyped-def]
    row = next(r for r in report.outcomes if r.instrument == "phototrichogram_density")
    for name, quartiles in (("baseline", row.baseline), ("end", row.end), ("change", row.change)):
        values = registry_network.densities[name]
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        assert quartiles.patients == len(values)
        assert quartiles.median == pytest.approx(median)
        assert (quartiles.q1, quartiles.q3) == (pytest.approx(q1), pytest.approx(q3))


def test_adverse_events_are_rated_per_thousand_done_sessions(report, registry_network) -> None:  # type: ignore[no-untyped-def]
    # The row of every kind: bruising's own row is hidden beside the small swelling one
    # (test_complementary_suppression.py).
    every = next(row for row in report.adverse_events if row.kind == ALL)
    events = sum(registry_network.event_count.values())
    assert every.events == events
    assert every.patients == len(set().union(*registry_network.events.values()))
    assert every.per_1000_sessions == round(events * 1000 / registry_network.sessions, 2)


def test_the_pseudonyms_key_does_not_change_the_counts(registry_network, network) -> None:  # type: ignore[no-untyped-def]
    with override_settings(REGISTRY_KEY="another key"):
        other = registry_report_for_network(network_id=network.pk, year=REPORT_YEAR)
    assert other.overview == registry_report_for_network(network_id=network.pk, year=REPORT_YEAR).overview


def test_another_year_counts_nothing(registry_network, network) -> None:  # type: ignore[no-untyped-def]
    empty = registry_report_for_network(network_id=network.pk, year=REPORT_YEAR - 1)
    assert (empty.overview.patients, empty.overview.sessions, empty.satisfaction) == (0, 0, [])
