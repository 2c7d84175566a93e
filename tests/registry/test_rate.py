"""The rate per 1,000 sessions: a year with adverse events but no session done in it (an event
in January after a December session) has no rate, and reads "–" (no data), not the patients'
count, 0, inf or NaN; a rate whose events are hidden is hidden with them."""

from __future__ import annotations

import csv
import io

import pytest

from mesodesk.registry.exports import report_export
from mesodesk.registry.report import NO_DATA, registry_report
from tests.registry.synthetic import YEAR, Course, Event, dataset

pytestmark = pytest.mark.django_db


def _no_session_this_year() -> list[list[Course]]:
    # Six patients treated the year before, each with a bruise noted this year.
    return [
        [Course("hair_loss", "mesohair", 0, earlier_sessions=2, events=(Event("bruising"),))]
        for _ in range(6)
    ]


def test_no_session_in_the_year_gives_no_rate() -> None:
    con, truth = dataset(_no_session_this_year())
    report = registry_report(con, YEAR)
    assert truth.sessions == report.overview.sessions == 0
    assert [(a.kind, a.events, a.per_1000_sessions) for a in report.adverse_events] == [
        ("", 6, None),
        ("bruising", 6, None),
    ]


@pytest.mark.parametrize("output", ["csv", "html"])
def test_the_exports_read_no_data_for_it(output: str) -> None:
    con, _ = dataset(_no_session_this_year())
    data = report_export(registry_report(con, YEAR), "Network", output).decode()
    if output == "csv":
        rates = [r["value"] for r in csv.DictReader(io.StringIO(data)) if r["measure"] == "per_1000_sessions"]
    else:
        adverse = data[data.index("per 1,000 sessions done") :]
        rates = [row.split("<td>")[-1].split("</td>")[0] for row in adverse.split("<tr>")[2:]]
    assert rates == [NO_DATA, NO_DATA]


def test_a_hidden_count_hides_its_rate() -> None:
    # Bruising on 9 patients, swelling on 3 (<5): swelling's rate times the sessions would
    # give its events back, and so would bruising's beside every kind's.
    patients = [[Course("hair_loss", "mesohair", 4, events=(Event("bruising"),))] for _ in range(9)]
    patients += [[Course("hair_loss", "mesohair", 4, events=(Event("swelling"),))] for _ in range(3)]
    con, _ = dataset(patients)
    adverse = {a.kind: a for a in registry_report(con, YEAR).adverse_events}
    assert adverse["swelling"].per_1000_sessions == "<5"
    assert adverse["bruising"].per_1000_sessions == "x"
    assert adverse[""].per_1000_sessions == round(12 * 1000 / 48, 2)
