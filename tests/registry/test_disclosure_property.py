"""Over random small datasets, in every format a person reads (CSV, Parquet, the API's JSON, the
HTML that the PDF is printed from): no shown count of patients is 1 to 4, and no hidden count
can be worked out from the shown cells, neither as a total minus the shown cells of its
suppression group, nor from a rate (rate x sessions / 1000) or a percent (percent x total /
100, or count / percent x 100 for a hidden total). Shown cells are the true counts, worked
out from the dataset's rows (tests.registry.synthetic)."""

from __future__ import annotations

import csv
import html
import io
import math
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesodesk.registry.api import RegistryReportOut
from mesodesk.registry.exports import report_export
from mesodesk.registry.report import ALL, SATISFACTION_LEVELS, TOTAL, RegistryReport, registry_report
from tests.registry.synthetic import ALL_KINDS, YEAR, Course, Event, Truth, dataset

pytestmark = pytest.mark.django_db

MARKERS = ("<5", "x", "–")
Value = float | str  # a number, or one of MARKERS


@dataclass
class View:
    """What one format shows, by cell."""

    sessions: float = 0
    patients: list[tuple[str, str | None, Value]] = field(default_factory=list)  # indication, formulation
    satisfaction: dict[str, dict[str, Value]] = field(default_factory=dict)  # "patients", level, "%" + level
    adverse: dict[str, dict[str, Value]] = field(default_factory=dict)


def _value(cell: object) -> Value:
    if cell is None:
        return "–"
    text = str(cell).strip()
    if text in MARKERS:
        return text
    number = float(text)
    assert math.isfinite(number), f"a cell reads {text}"
    return number


def _every(cell: str | None) -> str | None:
    """A total's indication, formulation or kind: TOTAL in the CSV, NULL in Parquet (None)."""
    return None if cell in (TOTAL, None) else cell


def _from_long(rows: Iterable[dict[str, str | None]]) -> View:
    view = View()
    for r in rows:
        section, value = r["section"], _value(r["value"])
        if section == "overview" and r["measure"] == "sessions":
            view.sessions = float(str(r["value"]))
        elif section == "patients":
            # As the API: every indication is ALL, every formulation None.
            view.patients.append((_every(r["indication"]) or ALL, _every(r["formulation"]), value))
        elif section == "satisfaction":
            key = r["category"] or "patients"
            key = "%" + key if r["measure"] == "percent" else key
            view.satisfaction.setdefault(str(r["indication"]), {})[key] = value
        elif section == "adverse_events":
            view.adverse.setdefault(_every(r["category"]) or ALL, {})[str(r["measure"])] = value
    return view


def _csv(data: bytes) -> View:
    return _from_long(csv.DictReader(io.StringIO(data.decode())))


def _parquet(data: bytes) -> View:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "report.parquet"
        path.write_bytes(data)
        cursor = duckdb.connect().execute("SELECT * FROM read_parquet(?)", [str(path)])
        names = [column[0] for column in cursor.description]
        return _from_long(dict(zip(names, row, strict=True)) for row in cursor.fetchall())


def _api(report: RegistryReport) -> View:
    body = RegistryReportOut.model_validate(
        {**report.__dict__, "network": "Network"}, from_attributes=True
    ).model_dump(mode="json")
    view = View(sessions=body["overview"]["sessions"])
    view.patients = [(p["indication"], p["formulation"], _value(p["patients"])) for p in body["patients"]]
    for s in body["satisfaction"]:
        cells = {"patients": _value(s["patients"])}
        for level in SATISFACTION_LEVELS:
            cells[level], cells["%" + level] = _value(s["counts"][level]), _value(s["percent"][level])
        view.satisfaction[s["indication"]] = cells
    for a in body["adverse_events"]:
        view.adverse[a["kind"]] = {
            m: _value(a[m]) for m in ("events", "patients", "serious", "per_1000_sessions")
        }
    return view


def _html(report: RegistryReport, data: bytes) -> View:
    """The document's table cells (the labels are translated, so each row's keys are taken from
    the report's row in the same place; the cells are read from the HTML)."""
    tables = [
        [
            [html.unescape(cell) for cell in re.findall(r"<td>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
            if "<td>" in row and "colspan" not in row
        ]
        for table in re.findall(r"<table.*?</table>", data.decode(), re.S)
    ]
    overview, patients, satisfaction, _, adverse = tables
    view = View(sessions=float(overview[3][0]))
    view.patients = [
        (p.indication, p.formulation, _value(row[-1]))
        for p, row in zip(report.patients, patients, strict=True)
    ]
    for s, row in zip(report.satisfaction, satisfaction, strict=True):
        cells = {"patients": _value(row[1])}
        for i, level in enumerate(SATISFACTION_LEVELS):
            cells[level], cells["%" + level] = _value(row[2 + 2 * i]), _value(row[3 + 2 * i])
        view.satisfaction[s.indication] = cells
    for a, row in zip(report.adverse_events, adverse, strict=True):
        view.adverse[a.kind] = dict(
            zip(("events", "patients", "serious", "per_1000_sessions"), map(_value, row[1:]), strict=True)
        )
    return view


def _hidden(value: Value) -> bool:
    return value in ("<5", "x")


def _check_line(cells: list[Value], total: Value, what: str) -> None:
    if not _hidden(total):
        assert sum(map(_hidden, cells)) != 1, f"{what}: the total less the shown cells gives the hidden one"


def _check(view: View, truth: Truth) -> None:
    assert view.sessions == truth.sessions
    # Patients by indication and formulation.
    for indication, formulation, value in view.patients:
        count = len(truth.patients[(indication or None, formulation)])
        assert value == count or (_hidden(value) and (value == "x" or 0 < count < 5)), (
            indication,
            formulation,
        )
    by_indication = {i: v for i, f, v in view.patients if f is None}
    for indication, total in by_indication.items():
        if indication:
            _check_line(
                [v for i, f, v in view.patients if i == indication and f is not None], total, indication
            )
    _check_line([v for i, v in by_indication.items() if i], by_indication.get("", 0), "every indication")
    # Satisfaction: counts, their total, and the percents of both.
    for indication, cells in view.satisfaction.items():
        answers = list(truth.satisfaction[indication].values())
        total = cells["patients"]
        assert total == len(answers) or (_hidden(total) and (total == "x" or len(answers) < 5))
        for level in SATISFACTION_LEVELS:
            count, percent = answers.count(level), cells["%" + level]
            assert cells[level] == count or (_hidden(cells[level]) and (cells[level] == "x" or 0 < count < 5))
            if _hidden(cells[level]):
                assert _hidden(percent), f"the percent of a hidden count ({indication}, {level}) is shown"
            elif _hidden(total):
                # count / percent x 100 would give the hidden total.
                assert not (isinstance(percent, float) and percent > 0), (
                    f"{indication}'s total from a percent"
                )
        _check_line([cells[level] for level in SATISFACTION_LEVELS], total, f"satisfaction {indication}")
    # Adverse events: the kinds add up to every kind's row in events and in serious events.
    every = view.adverse.get(ALL_KINDS)
    for kind, cells in view.adverse.items():
        patients, serious_patients = len(truth.event_patients[kind]), len(truth.serious_patients[kind])
        assert cells["patients"] == patients or (
            _hidden(cells["patients"]) and (cells["patients"] == "x" or patients < 5)
        )
        assert cells["events"] == truth.events[kind] or _hidden(cells["events"]), kind
        if not _hidden(cells["events"]):
            assert not 0 < patients < 5
        serious = cells["serious"]
        assert serious == truth.serious[kind] or _hidden(serious), kind
        if not _hidden(serious):
            assert not 0 < serious_patients < 5, (
                f"{kind}: {serious} serious events of {serious_patients} patients"
            )
        rate = cells["per_1000_sessions"]
        if truth.sessions == 0:
            assert rate == "–", f"{kind}: a rate of no session reads {rate}"
        elif _hidden(cells["events"]):
            assert _hidden(rate), f"{kind}: rate x sessions / 1000 gives the hidden events back"
        else:
            assert rate == round(truth.events[kind] * 1000 / truth.sessions, 2)
    if every is not None:
        kinds = [cells for kind, cells in view.adverse.items() if kind != ALL_KINDS]
        for measure in ("events", "patients", "serious", "per_1000_sessions"):
            _check_line([cells[measure] for cells in kinds], every[measure], f"adverse events, {measure}")


events = st.lists(
    st.builds(
        Event, st.sampled_from(["bruising", "swelling"]), st.booleans(), st.sampled_from([YEAR, YEAR + 1])
    ),
    max_size=2,
)
courses = st.builds(
    Course,
    st.sampled_from(["hair_loss", "skin_rejuvenation"]),
    st.sampled_from(["mesohair", "mesolift", ""]),
    st.integers(0, 2),
    st.integers(0, 1),
    st.sampled_from([None, *SATISFACTION_LEVELS]),
    events.map(tuple),
)
networks = st.lists(st.lists(courses, min_size=1, max_size=2), max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks)
def test_no_format_lets_a_hidden_count_be_worked_out(patients: list[list[Course]]) -> None:
    con, truth = dataset(patients)
    report = registry_report(con, YEAR)
    views = {
        "csv": _csv(report_export(report, "Network", "csv")),
        "parquet": _parquet(report_export(report, "Network", "parquet")),
        "api": _api(report),
        "html": _html(report, report_export(report, "Network", "html")),
    }
    for output, view in views.items():
        try:
            _check(view, truth)
        except AssertionError as error:
            raise AssertionError(f"{output}: {error}") from error
