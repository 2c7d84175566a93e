"""Serious adverse events are a small cell of their own: seven patients with bruising of whom
two had a serious event showed "serious: 2" beside a bruising row shown whole. The serious
count now rests on the patients who had one (suppressed at 1 to 4), and within the serious
column the kinds add up to every kind's row, so a lone hidden one takes another with it."""

from __future__ import annotations

import csv
import io

from mesodesk.registry.api import RegistryReportOut
from mesodesk.registry.exports import report_export
from mesodesk.registry.report import TOTAL, AdverseRow, registry_report
from tests.registry.synthetic import YEAR, Course, Event, dataset


def _bruising_and_swelling() -> list[list[Course]]:
    # Bruising: 7 patients, 2 of them with a serious event. Swelling: 8 patients, 6 serious.
    bruising = [
        [Course("hair_loss", "mesohair", 2, events=(Event("bruising", serious=p < 2),))] for p in range(7)
    ]
    swelling = [
        [Course("skin_rejuvenation", "mesolift", 2, events=(Event("swelling", serious=p < 6),))]
        for p in range(8)
    ]
    return bruising + swelling


def _adverse() -> dict[str, AdverseRow]:
    con, _ = dataset(_bruising_and_swelling())
    return {row.kind: row for row in registry_report(con, YEAR).adverse_events}


def test_a_few_patients_with_a_serious_event_are_suppressed_in_a_shown_kind() -> None:
    bruising = _adverse()["bruising"]
    assert (bruising.events, bruising.patients, bruising.serious) == (7, 7, "<5")


def test_the_total_of_serious_events_does_not_give_them_back() -> None:
    # Every kind had 8 serious events: 8 - 6 would be bruising's 2, so swelling's 6 is hidden too.
    adverse = _adverse()
    assert adverse[""].serious == 8
    assert adverse["swelling"].serious == "x"
    assert (adverse["swelling"].events, adverse["swelling"].patients) == (8, 8)


def test_no_serious_event_stays_zero() -> None:
    con, _ = dataset([[Course("hair_loss", "mesohair", 2, events=(Event("bruising"),))] for _ in range(6)])
    adverse = {row.kind: row for row in registry_report(con, YEAR).adverse_events}
    assert adverse["bruising"].serious == 0
    assert adverse[""].serious == 0


def test_the_csv_and_the_api_say_the_same() -> None:
    con, _ = dataset(_bruising_and_swelling())
    report = registry_report(con, YEAR)
    rows = list(csv.DictReader(io.StringIO(report_export(report, "Network", "csv").decode())))
    serious = {
        r["category"]: r["value"]
        for r in rows
        if r["section"] == "adverse_events" and r["measure"] == "serious"
    }
    # Every kind's row: TOTAL in the CSV, "" (ALL) in the API.
    assert serious == {TOTAL: "8", "bruising": "<5", "swelling": "x"}
    body = RegistryReportOut.model_validate({**report.__dict__, "network": "Network"}, from_attributes=True)
    assert {a.kind: a.serious for a in body.adverse_events} == {"": 8, "bruising": "<5", "swelling": "x"}
