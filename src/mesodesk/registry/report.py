"""The network's yearly report, in the structure of the Meso-Report, computed by DuckDB over
the pseudonymized dataset (registry.dataset writes it; bench/registry.py generates one).

The Meso-Report 2015 (shared source 003, its "Meso-Report 2015" passage) counted a network's
patients by indication (skin: MesoLift; hair loss) and showed each group's answers on three
satisfaction levels; it named quantitative measurement as the next step. This report keeps
that order and adds the measurements and the safety: patients by indication and
formulation, satisfaction distributions, quantitative outcomes (quartiles of scores at
baseline and at the end of a course, and the paired change where a course has both), and
adverse events per 1,000 sessions done.

No Django here: the same function runs in the application and in the benchmark, over a
DuckDB connection that holds the dataset's tables (their columns: registry.schema.TABLES).
Every cell resting on fewer than five patients is suppressed before anything leaves this
module (clinic.registry.suppressed), so no format can show it; and where a shown total would
give a suppressed cell by subtraction, further cells are hidden (HIDDEN) until none can be
worked out (clinic.registry.complementary_suppression): patients by indication and
formulation with their totals, each satisfaction distribution with its total, and the adverse
events by kind with their total, the serious ones too (resting on the patients who had one).
A percentage or a rate is hidden with the count it gives back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mesodesk.clinic.registry import HIDDEN, SUPPRESSED, complementary_suppression, per_thousand, suppressed

if TYPE_CHECKING:
    import duckdb

Cell = int | float | str | None
SATISFACTION = "network_satisfaction"
SATISFACTION_LEVELS = ("less_satisfied", "satisfied", "very_satisfied")
NO_DATA = "–"  # a measure nobody has (the HTML and the PDF show None so too)
ALL = ""  # the row of every indication, formulation or kind together
# The CSV's cell for a total (every indication, formulation or kind), which long_rows gives as
# None (Parquet's NULL): a spreadsheet shows NULL and "" alike, and "" is "none recorded".
TOTAL = "(all)"


@dataclass(frozen=True)
class Overview:
    clinics: int
    patients: Cell
    courses: Cell
    sessions: int


@dataclass(frozen=True)
class PatientsRow:
    indication: str  # ALL: every indication
    formulation: str | None  # None: every formulation of the indication
    patients: Cell


@dataclass(frozen=True)
class SatisfactionRow:
    indication: str
    patients: Cell
    counts: dict[str, Cell]
    percent: dict[str, Cell]


@dataclass(frozen=True)
class Quartiles:
    patients: Cell
    q1: Cell
    median: Cell
    q3: Cell


@dataclass(frozen=True)
class OutcomeRow:
    instrument: str
    indication: str
    baseline: Quartiles
    end: Quartiles
    change: Quartiles  # end minus baseline, over the courses that have both


@dataclass(frozen=True)
class AdverseRow:
    kind: str  # ALL: every kind
    events: Cell
    patients: Cell
    serious: Cell
    per_1000_sessions: Cell


@dataclass(frozen=True)
class RegistryReport:
    year: int
    overview: Overview
    patients: list[PatientsRow] = field(default_factory=list)
    satisfaction: list[SatisfactionRow] = field(default_factory=list)
    outcomes: list[OutcomeRow] = field(default_factory=list)
    adverse_events: list[AdverseRow] = field(default_factory=list)


Step = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


# The aggregate tables, each its statement, built from the dataset's rows once (registry.dataset
# builds them with the rows; a national network refreshes them as data arrives, see
# docs/performance.md), so that a report reads a row per course, not a row per session.
AGGREGATES = {
    # Sessions done per course and year, with what the report groups courses by.
    "course_years": (
        "CREATE OR REPLACE TABLE course_years AS "
        "SELECT c.course, c.patient, c.clinic, c.indication, c.formulation, y.year, y.sessions "
        "FROM (SELECT course, year, count(*) AS sessions FROM sessions GROUP BY course, year) y "
        "JOIN courses c USING (course)"
    ),
    # Patients per year by indication and formulation, by indication, and in all: a patient
    # with two courses counts once in each, so these cannot be summed from finer rows.
    "patient_counts": (
        "CREATE OR REPLACE TABLE patient_counts AS "
        "SELECT year, indication, formulation, grouping(indication, formulation) AS level, "
        "count(DISTINCT patient) AS patients FROM course_years "
        "GROUP BY GROUPING SETS ((year, indication, formulation), (year, indication), (year))"
    ),
    # Each patient's last satisfaction answer of each year, per indication (of the course
    # answered about; empty for an answer about no course).
    "satisfaction_last": (
        "CREATE OR REPLACE TABLE satisfaction_last AS "
        "SELECT coalesce(c.indication, '') AS indication, r.patient, r.year, "
        "arg_max(r.category, r.seq) AS category "
        "FROM responses r LEFT JOIN courses c USING (course) "
        "WHERE r.instrument = 'network_satisfaction' GROUP BY ALL"
    ),
    # Per course (per patient, for answers about no course) and score instrument: its last
    # baseline score and its last end-of-course score, with the year each was answered in.
    "course_scores": (
        "CREATE OR REPLACE TABLE course_scores AS "
        "SELECT r.instrument, coalesce(c.indication, '') AS indication, any_value(r.patient) AS patient, "
        "arg_max(r.score, r.seq) FILTER (WHERE r.timepoint = 'baseline') AS baseline, "
        "arg_max(r.year, r.seq) FILTER (WHERE r.timepoint = 'baseline') AS baseline_year, "
        "arg_max(r.score, r.seq) FILTER (WHERE r.timepoint = 'end') AS final, "
        "arg_max(r.year, r.seq) FILTER (WHERE r.timepoint = 'end') AS final_year "
        "FROM responses r LEFT JOIN courses c USING (course) "
        "WHERE r.score IS NOT NULL AND r.timepoint IN ('baseline', 'end') "
        "GROUP BY r.instrument, coalesce(c.indication, ''), r.course, "
        "CASE WHEN r.course IS NULL THEN r.patient END"
    ),
}


# What a report reads: the aggregates and the adverse events' rows (a few per 1,000 sessions).
REPORT_TABLES = (*AGGREGATES, "adverse_events")


def aggregate(con: duckdb.DuckDBPyConnection, *, step: Step = _quiet) -> None:
    """Build (or rebuild) the aggregate tables from the dataset's rows in `con`."""
    for table, statement in AGGREGATES.items():
        step(table)
        con.execute(statement)


def registry_report(con: duckdb.DuckDBPyConnection, year: int, *, step: Step = _quiet) -> RegistryReport:
    """The report of `year` over the aggregate tables in `con` (and the adverse events' rows).
    `step` is told each part as it starts (the command line draws its progress bar from it)."""
    step("sessions")
    # The courses with a session done in the year: the report's patients are theirs.
    clinics, sessions, courses = _one(
        con,
        "SELECT count(DISTINCT clinic), coalesce(sum(sessions), 0), count(*) "
        "FROM course_years WHERE year = ?",
        year,
    )
    step("patients")
    patient_rows = con.execute(
        "SELECT indication, formulation, level <> 0 AS every, patients FROM patient_counts WHERE year = ? "
        "ORDER BY indication NULLS FIRST, level DESC, formulation",
        [year],
    ).fetchall()
    overall = next((i for i, row in enumerate(patient_rows) if row[0] is None), None)
    patients = patient_rows[overall][3] if overall is not None else 0
    hidden = complementary_suppression([row[3] for row in patient_rows], _patient_lines(patient_rows))
    overview = Overview(
        int(clinics),
        _marked(patients, overall in hidden),
        _marked(patients, overall in hidden, int(courses)),
        int(sessions),
    )
    by_indication = [
        PatientsRow(
            indication=ALL if indication is None else indication,
            formulation=None if every else formulation,
            patients=_marked(count, i in hidden),
        )
        for i, (indication, formulation, every, count) in enumerate(patient_rows)
    ]
    step("satisfaction")
    satisfaction = _satisfaction(con, year)
    step("outcomes")
    outcomes = _outcomes(con, year)
    step("adverse events")
    adverse = _adverse(con, year, int(sessions))
    return RegistryReport(year, overview, by_indication, satisfaction, outcomes, adverse)


def _marked(patients: int, hidden: bool, value: int | float | None = None) -> Cell:
    """`value` as published: SUPPRESSED when small, HIDDEN when hidden only so that a small
    cell cannot be worked out (its count may be five or more)."""
    shown = suppressed(patients, value)
    return HIDDEN if hidden and shown != SUPPRESSED else shown


def _patient_lines(rows: list[tuple[str | None, str | None, bool, int]]) -> list[tuple[list[int], int]]:
    """The totals of the patients table: each indication's row over its formulations' rows,
    and the row of every indication over the indications' rows."""
    totals = {
        indication: i for i, (indication, _, every, _) in enumerate(rows) if every or indication is None
    }
    lines: dict[int, list[int]] = {total: [] for total in totals.values()}
    for i, (indication, _, every, _) in enumerate(rows):
        if indication is None:
            continue
        if every and None in totals:
            lines[totals[None]].append(i)
        elif not every and indication in totals:
            lines[totals[indication]].append(i)
    return [(cells, total) for total, cells in lines.items() if cells]


def _one(con: duckdb.DuckDBPyConnection, sql: str, year: int) -> tuple[int, ...]:
    row = con.execute(sql, [year]).fetchone()
    return tuple(row) if row else ()


def _satisfaction(con: duckdb.DuckDBPyConnection, year: int) -> list[SatisfactionRow]:
    # Each patient's last answer of the year, per indication (by the course answered about).
    rows = con.execute(
        "SELECT indication, category, count(*) FROM satisfaction_last WHERE year = ? GROUP BY ALL "
        "ORDER BY indication, category",
        [year],
    ).fetchall()
    by_indication: dict[str, dict[str, int]] = {}
    for indication, category, count in rows:
        by_indication.setdefault(indication, {})[category] = count
    result = []
    for indication, counts in by_indication.items():
        total = sum(counts.values())
        values = [counts.get(level, 0) for level in SATISFACTION_LEVELS] + [total]
        levels = range(len(SATISFACTION_LEVELS))
        hidden = complementary_suppression(values, [(list(levels), len(SATISFACTION_LEVELS))])
        shown = {
            level: _marked(values[i], i in hidden)
            for i, level in zip(levels, SATISFACTION_LEVELS, strict=True)
        }
        # A percent gives its count back (times the total), so it is hidden with it.
        percent: dict[str, Cell] = {
            level: _derived(shown[level], round(100 * values[i] / total, 1))
            for i, level in zip(levels, SATISFACTION_LEVELS, strict=True)
        }
        result.append(
            SatisfactionRow(indication, _marked(total, len(SATISFACTION_LEVELS) in hidden), shown, percent)
        )
    return result


def _outcomes(con: duckdb.DuckDBPyConnection, year: int) -> list[OutcomeRow]:
    # Baselines answered in the year; ends answered in the year; the change of the courses
    # that ended in the year and have a baseline (answered then or before). Patients are
    # counted once each (a patient may have had two courses), after one pass that groups by them.
    counted = con.execute(
        "SELECT instrument, indication, count(*) FILTER (WHERE b), count(*) FILTER (WHERE f), "
        "count(*) FILTER (WHERE p) FROM ("
        "  SELECT instrument, indication, patient, bool_or(baseline_year = $year) AS b,"
        "    bool_or(final_year = $year) AS f, bool_or(final_year = $year AND baseline_year <= $year) AS p"
        "  FROM course_scores WHERE baseline_year = $year OR final_year = $year GROUP BY ALL"
        ") GROUP BY ALL ORDER BY instrument, indication",
        {"year": year},
    ).fetchall()
    quartiles = {
        (row[0], row[1]): row[2:]
        # One sort per measure gives its three quartiles.
        for row in con.execute(
            "SELECT instrument, indication, "
            "quantile_cont(CASE WHEN baseline_year = $year THEN baseline END, [0.25, 0.5, 0.75]), "
            "quantile_cont(CASE WHEN final_year = $year THEN final END, [0.25, 0.5, 0.75]), "
            "quantile_cont(CASE WHEN final_year = $year AND baseline_year <= $year "
            "THEN final - baseline END, [0.25, 0.5, 0.75]) "
            "FROM course_scores WHERE baseline_year = $year OR final_year = $year GROUP BY ALL",
            {"year": year},
        ).fetchall()
    }
    rows = []
    for instrument, indication, baseline, final, paired in counted:
        q = quartiles[(instrument, indication)]
        rows.append(
            OutcomeRow(instrument, indication, _quartiles(baseline, q[0]), _quartiles(final, q[1]),
                       _quartiles(paired, q[2]))
        )  # fmt: skip
    return rows


def _quartiles(count: int | None, values: list[float] | None) -> Quartiles:
    patients = int(count or 0)
    q1, median, q3 = values if values else (None, None, None)

    def shown(value: int | float | None) -> Cell:
        # No course with the measure: no data (None), not a quartile of 0 (suppressed()
        # stands a missing value in for the count, which is 0 here).
        if value is None:
            return SUPPRESSED if 0 < patients else None
        return suppressed(patients, round(float(value), 2))

    return Quartiles(suppressed(patients), shown(q1), shown(median), shown(q3))


def _adverse(con: duckdb.DuckDBPyConnection, year: int, sessions: int) -> list[AdverseRow]:
    rows = con.execute(
        "SELECT kind, count(*), count(DISTINCT patient), count(*) FILTER (WHERE serious), "
        "count(DISTINCT patient) FILTER (WHERE serious) "
        "FROM adverse_events WHERE year = ? GROUP BY GROUPING SETS ((kind), ()) ORDER BY kind NULLS FIRST",
        [year],
    ).fetchall()
    # A kind's row is shown or hidden whole (its events and rate follow its patients), and the
    # kinds' events add up to the row of every kind.
    every = next((i for i, row in enumerate(rows) if row[0] is None), None)
    kinds = [i for i, row in enumerate(rows) if row[0] is not None]
    lines = [(kinds, every)] if every is not None else []
    hidden = complementary_suppression([row[2] for row in rows], lines)
    # The serious events of a shown kind are a cell of their own: they rest on the patients who
    # had one (1 to 4 are suppressed), and the kinds' serious events add up to every kind's, so
    # the same rule runs down that column, from the rows hidden whole.
    serious_hidden = complementary_suppression([row[4] for row in rows], lines, hidden)
    result = []
    for i, (kind, events, patients, serious, serious_patients) in enumerate(rows):
        shown_events = _marked(patients, i in hidden, events)
        serious_cell = _marked(serious_patients, i in serious_hidden, serious)
        result.append(
            AdverseRow(
                kind=ALL if kind is None else kind,
                events=shown_events,
                patients=_marked(patients, i in hidden),
                serious=shown_events if i in hidden else serious_cell,
                # A rate times the sessions gives its events back: it is hidden with them. With no
                # session done in the year there is no rate (an event may follow a session of
                # the year before).
                per_1000_sessions=None
                if sessions == 0
                else _derived(shown_events, per_thousand(events, sessions)),
            )
        )
    return result


def _derived(count: Cell, value: Cell) -> Cell:
    """A figure worked out from a published count (a rate, a percent): hidden as the count is,
    since it gives the count back."""
    return count if count in (SUPPRESSED, HIDDEN) else value


LONG_COLUMNS = ("section", "indication", "formulation", "instrument", "category", "measure", "value")


def long_rows(report: RegistryReport) -> Iterator[tuple[str | None, ...]]:
    """The report as one table of text cells (section, what, measure, value): what the CSV and
    Parquet exports hold. Suppressed cells read SUPPRESSED, missing ones NO_DATA (as in the HTML
    and the PDF; the API gives null). A total's indication, formulation or kind (category) is
    None, "none recorded" is "" (as the API's null and ""); a column a section does not use is ""."""

    def text(value: Cell) -> str:
        return NO_DATA if value is None else str(value)

    def every(code: str) -> str | None:
        return None if code == ALL else code

    o = report.overview
    for measure, value in (("clinics", o.clinics), ("patients", o.patients), ("courses", o.courses),
                           ("sessions", o.sessions)):  # fmt: skip
        yield ("overview", "", "", "", "", measure, text(value))
    for p in report.patients:
        yield ("patients", every(p.indication), p.formulation, "", "", "patients", text(p.patients))
    for s in report.satisfaction:
        yield ("satisfaction", s.indication, "", SATISFACTION, "", "patients", text(s.patients))
        for level in SATISFACTION_LEVELS:
            yield ("satisfaction", s.indication, "", SATISFACTION, level, "patients", text(s.counts[level]))
            yield ("satisfaction", s.indication, "", SATISFACTION, level, "percent", text(s.percent[level]))
    for row in report.outcomes:
        for category, quartiles in (("baseline", row.baseline), ("end", row.end), ("change", row.change)):
            for measure in ("patients", "q1", "median", "q3"):
                value = getattr(quartiles, measure)
                yield ("outcomes", row.indication, "", row.instrument, category, measure, text(value))
    for a in report.adverse_events:
        for measure in ("events", "patients", "serious", "per_1000_sessions"):
            yield ("adverse_events", "", "", "", every(a.kind), measure, text(getattr(a, measure)))
