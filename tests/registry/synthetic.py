"""Small pseudonymized datasets written straight into DuckDB (registry.schema's tables), for
the report's disclosure tests, and what the report must count, worked out here in Python
from the same rows, not by the code under test."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb

from mesodesk.registry.report import aggregate
from mesodesk.registry.schema import TABLES, create_sql

YEAR = 2025


@dataclass(frozen=True)
class Event:
    kind: str
    serious: bool = False
    year: int = YEAR


@dataclass(frozen=True)
class Course:
    indication: str
    formulation: str
    sessions: int  # done in YEAR
    earlier_sessions: int = 0  # done the year before
    satisfaction: str | None = None  # the course's last answer of YEAR
    events: tuple[Event, ...] = ()


@dataclass
class Truth:
    sessions: int = 0
    patients: dict[tuple[str | None, str | None], set[int]] = field(default_factory=lambda: defaultdict(set))
    satisfaction: dict[str, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))
    events: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    event_patients: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    serious: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    serious_patients: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))


ALL_KINDS = ""


def dataset(patients: list[list[Course]]) -> tuple[duckdb.DuckDBPyConnection, Truth]:
    """A DuckDB connection holding the patients' courses (aggregated as registry.dataset does),
    and the counts the report of YEAR must rest on."""
    rows: dict[str, list[tuple[object, ...]]] = {table: [] for table in TABLES}
    truth = Truth()
    seq = 0
    course_id = 0
    for patient, courses in enumerate(patients, start=1):
        rows["patients"].append((patient, "C01", "f", "30-39"))
        for course in courses:
            course_id += 1
            rows["courses"].append(
                (course_id, patient, "C01", course.indication, course.formulation, "30-39", YEAR - 1, 1)
            )
            rows["sessions"] += [(course_id, "C01", YEAR, 3)] * course.sessions
            rows["sessions"] += [(course_id, "C01", YEAR - 1, 3)] * course.earlier_sessions
            truth.sessions += course.sessions
            if course.sessions:
                for key in ((course.indication, course.formulation), (course.indication, None), (None, None)):
                    truth.patients[key].add(patient)
            if course.satisfaction is not None:
                seq += 1
                rows["responses"].append(
                    (seq, patient, course_id, "C01", "network_satisfaction", "end", "patient", None,
                     course.satisfaction, YEAR, 6)
                )  # fmt: skip
                truth.satisfaction[course.indication][patient] = course.satisfaction
            for event in course.events:
                rows["adverse_events"].append(
                    (course_id, patient, "C01", event.kind, event.serious, event.year, 4)
                )
                if event.year != YEAR:
                    continue
                for kind in (event.kind, ALL_KINDS):
                    truth.events[kind] += 1
                    truth.event_patients[kind].add(patient)
                    if event.serious:
                        truth.serious[kind] += 1
                        truth.serious_patients[kind].add(patient)
    con = duckdb.connect(":memory:")
    for table, table_rows in rows.items():
        con.execute(create_sql(table))
        if table_rows:
            marks = ", ".join("?" * len(TABLES[table]))
            # The table names are registry.schema.TABLES' own, not input.
            con.executemany(f"INSERT INTO {table} VALUES ({marks})", table_rows)  # noqa: S608
    aggregate(con)
    return con, truth
