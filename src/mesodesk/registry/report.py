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
module (clinic.registry.suppressed), so no format can show it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mesodesk.clinic.registry import SUPPRESSED, per_thousand, suppressed

if TYPE_CHECKING:
    import duckdb

Cell = int | float | str | None
SATISFACTION = "network_satisfaction"
SATISFACTION_LEVELS = ("less_satisfied", "satisfied", "very_satisfied")
ALL = ""  # the row of every indication, formulation or kind together


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


def registry_report(con: duckdb.DuckDBPyConnection, year: int, *, step: Step = _quiet) -> RegistryReport:
    """The report of `year` over the dataset in `con`. `step` is told each part as it starts
    (the command line draws its progress bar from it)."""
    step("sessions")
    # The courses with a session done in the year: the report's patients are theirs.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE treated AS "
        "SELECT course, count(*) AS sessions FROM sessions WHERE year = ? GROUP BY course",
        [year],
    )
    clinics, sessions = _one(con, "SELECT count(DISTINCT clinic), coalesce(sum(sessions), 0) "
                                  "FROM treated JOIN courses USING (course)")  # fmt: skip
    step("patients")
    patient_rows = con.execute(
        "SELECT indication, formulation, grouping(formulation) AS every, count(DISTINCT patient) "
        "FROM treated JOIN courses USING (course) "
        "GROUP BY GROUPING SETS ((indication, formulation), (indication), ()) "
        "ORDER BY indication NULLS FIRST, every DESC, formulation"
    ).fetchall()
    overall = next((row for row in patient_rows if row[0] is None), None)
    patients = overall[3] if overall else 0
    courses = int(_one(con, "SELECT count(*) FROM treated")[0])
    overview = Overview(int(clinics), suppressed(patients), suppressed(patients, courses), int(sessions))
    by_indication = [
        PatientsRow(
            indication=ALL if indication is None else indication,
            formulation=None if every else formulation,
            patients=suppressed(count),
        )
        for indication, formulation, every, count in patient_rows
    ]
    step("satisfaction")
    satisfaction = _satisfaction(con, year)
    step("outcomes")
    outcomes = _outcomes(con, year)
    step("adverse events")
    adverse = _adverse(con, year, int(sessions))
    con.execute("DROP TABLE treated")
    return RegistryReport(year, overview, by_indication, satisfaction, outcomes, adverse)


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[int, ...]:
    row = con.execute(sql).fetchone()
    return tuple(row) if row else ()


def _satisfaction(con: duckdb.DuckDBPyConnection, year: int) -> list[SatisfactionRow]:
    # Each patient's last answer of the year, per indication (by the course answered about).
    rows = con.execute(
        "SELECT indication, category, count(*) FROM ("
        "  SELECT coalesce(c.indication, '') AS indication, r.patient, arg_max(r.category, r.seq) AS category"
        "  FROM responses r LEFT JOIN courses c USING (course)"
        "  WHERE r.year = ? AND r.instrument = ? GROUP BY ALL"
        ") GROUP BY ALL ORDER BY indication, category",
        [year, SATISFACTION],
    ).fetchall()
    by_indication: dict[str, dict[str, int]] = {}
    for indication, category, count in rows:
        by_indication.setdefault(indication, {})[category] = count
    result = []
    for indication, counts in by_indication.items():
        total = sum(counts.values())
        shown = {level: suppressed(counts.get(level, 0)) for level in SATISFACTION_LEVELS}
        percent: dict[str, Cell] = {
            level: SUPPRESSED if shown[level] == SUPPRESSED else round(100 * counts.get(level, 0) / total, 1)
            for level in SATISFACTION_LEVELS
        }
        result.append(SatisfactionRow(indication, suppressed(total), shown, percent))
    return result


_QUARTILES = "quantile_cont({0}, 0.25), quantile_cont({0}, 0.5), quantile_cont({0}, 0.75)"


def _outcomes(con: duckdb.DuckDBPyConnection, year: int) -> list[OutcomeRow]:
    # Per course (or per patient, for answers about no course): its last baseline score and
    # its last end-of-course score of the year; the change needs both.
    rows = con.execute(
        "WITH per AS ("
        "  SELECT r.instrument, coalesce(c.indication, '') AS indication, r.patient, r.course,"
        "    arg_max(r.score, r.seq) FILTER (WHERE r.timepoint = 'baseline' AND r.year = ?) AS baseline,"
        "    arg_max(r.score, r.seq) FILTER (WHERE r.timepoint = 'baseline') AS any_baseline,"
        "    arg_max(r.score, r.seq) FILTER (WHERE r.timepoint = 'end' AND r.year = ?) AS final"
        "  FROM responses r LEFT JOIN courses c USING (course)"
        "  WHERE r.score IS NOT NULL AND r.timepoint IN ('baseline', 'end') AND r.year <= ?"
        "  GROUP BY ALL"
        ") SELECT instrument, indication,"
        "  count(DISTINCT patient) FILTER (WHERE baseline IS NOT NULL), " + _QUARTILES.format("baseline") + ","
        "  count(DISTINCT patient) FILTER (WHERE final IS NOT NULL), " + _QUARTILES.format("final") + ","
        "  count(DISTINCT patient) FILTER (WHERE final IS NOT NULL AND any_baseline IS NOT NULL), "
        + _QUARTILES.format("final - any_baseline")
        + " FROM per GROUP BY ALL HAVING count(baseline) + count(final) > 0 ORDER BY instrument, indication",
        [year, year, year],
    ).fetchall()
    return [
        OutcomeRow(row[0], row[1], _quartiles(row[2:6]), _quartiles(row[6:10]), _quartiles(row[10:14]))
        for row in rows
    ]


def _quartiles(values: tuple[int | float | None, ...]) -> Quartiles:
    patients = int(values[0] or 0)

    def shown(value: int | float | None) -> Cell:
        return suppressed(patients, None if value is None else round(float(value), 2))

    return Quartiles(suppressed(patients), shown(values[1]), shown(values[2]), shown(values[3]))


def _adverse(con: duckdb.DuckDBPyConnection, year: int, sessions: int) -> list[AdverseRow]:
    rows = con.execute(
        "SELECT kind, count(*), count(DISTINCT patient), count(*) FILTER (WHERE serious) "
        "FROM adverse_events WHERE year = ? GROUP BY GROUPING SETS ((kind), ()) ORDER BY kind NULLS FIRST",
        [year],
    ).fetchall()
    return [
        AdverseRow(
            kind=ALL if kind is None else kind,
            events=suppressed(patients, events),
            patients=suppressed(patients),
            serious=suppressed(patients, serious),
            per_1000_sessions=suppressed(patients, per_thousand(events, sessions)),
        )
        for kind, events, patients, serious in rows
    ]


LONG_COLUMNS = ("section", "indication", "formulation", "instrument", "category", "measure", "value")


def long_rows(report: RegistryReport) -> Iterator[tuple[str, ...]]:
    """The report as one table of text cells (section, what, measure, value): what the CSV and
    Parquet exports hold. Suppressed cells read SUPPRESSED, missing ones are empty."""

    def text(value: Cell) -> str:
        return "" if value is None else str(value)

    o = report.overview
    for measure, value in (("clinics", o.clinics), ("patients", o.patients), ("courses", o.courses),
                           ("sessions", o.sessions)):  # fmt: skip
        yield ("overview", "", "", "", "", measure, text(value))
    for p in report.patients:
        yield ("patients", p.indication, "" if p.formulation is None else p.formulation, "", "", "patients",
               text(p.patients))  # fmt: skip
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
            yield ("adverse_events", "", "", "", a.kind, measure, text(getattr(a, measure)))
