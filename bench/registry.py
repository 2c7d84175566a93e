"""The network registry's yearly report at national size: how long it takes over SIZE sessions.

Generates a synthetic pseudonymized dataset (registry.schema's tables) with DuckDB alone, no
ORM: SIZE done sessions (default 10,000,000) over three years, a course per six sessions,
1.3 courses per patient, 40 clinics, outcome answers for most courses, five adverse events
per 1,000 sessions; writes it as Parquet. Then, in the same run, times:

- the report path: registry.report.registry_report over views of the Parquet files (what
  `mesodesk report registry --dataset DIR` does), the median of RUNS cold starts;
- the same report over the dataset loaded into DuckDB's memory (the candidate of a
  long-running service holding the tables);
- a raw DuckDB query over the same Parquet files: one scan that counts the year's sessions
  and courses, the least any report must do;

checks that the report's session count equals the raw query's, prints the figures and their
ratios and writes them to bench/results/registry.json (or --output). Asserts nothing.
With --postgres URL it also loads the sessions and courses into PostgreSQL (unlogged tables,
dropped after) and times the report's first two parts there in SQL, with an index on
(year, course): the candidate of SQL aggregates over the clinical database.
Run: .venv/bin/python bench/registry.py [--size N] [--output PATH] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import duckdb

from mesodesk.registry.report import AGGREGATES, REPORT_TABLES, RegistryReport, aggregate, registry_report
from mesodesk.registry.schema import TABLES

RUNS = 3
YEAR = 2025
CLINICS = 40
RESULTS = Path(__file__).parent / "results" / "registry.json"

# One statement per table; $sessions, $courses and $patients are the sizes. A course's key
# and a patient's are hashed numbers, as the registry's keyed pseudonyms are.
GENERATE = {
    "courses": """
        SELECT (hash(i, 'c') >> 1)::BIGINT AS course, (hash(i % $patients, 'p') >> 1)::BIGINT AS patient,
          'C' || lpad(((i % $clinics) + 1)::VARCHAR, 2, '0') AS clinic,
          CASE WHEN hash(i, 'i') % 100 < 88 THEN 'hair_loss' WHEN hash(i, 'i') % 100 < 96 THEN 'skin_rejuvenation'
               ELSE 'wrinkles' END AS indication,
          CASE WHEN hash(i, 'f') % 10 = 0 THEN ''
               WHEN hash(i, 'i') % 100 < 88 THEN 'mesohair' ELSE 'mesolift' END AS formulation,
          ['18-29', '30-39', '40-49', '50-59', '60-69', '70+'][1 + (hash(i, 'a') % 6)::BIGINT] AS age_band,
          (2023 + i % 3)::SMALLINT AS year, (1 + hash(i, 'm') % 12)::TINYINT AS month
        FROM range($courses) t(i)""",
    "sessions": """
        SELECT (hash(i % $courses, 'c') >> 1)::BIGINT AS course,
          'C' || lpad((((i % $courses) % $clinics) + 1)::VARCHAR, 2, '0') AS clinic,
          (2023 + (i % $courses) % 3)::SMALLINT AS year, (1 + hash(i, 'm') % 12)::TINYINT AS month
        FROM range($sessions) t(i)""",
    "patients": """
        SELECT (hash(i, 'p') >> 1)::BIGINT AS patient, 'C' || lpad(((i % $clinics) + 1)::VARCHAR, 2, '0') AS clinic,
          CASE WHEN hash(i, 's') % 10 < 7 THEN 'female' ELSE 'male' END AS sex,
          ['18-29', '30-39', '40-49', '50-59', '60-69', '70+'][1 + (hash(i, 'a') % 6)::BIGINT] AS age_band
        FROM range($patients) t(i)""",
    "responses": """
        SELECT row_number() OVER () AS seq, patient, course, clinic, instrument, timepoint, rater, score,
          category, year, month FROM (
          SELECT patient, course, clinic, 'network_satisfaction' AS instrument, 'end' AS timepoint,
            'patient' AS rater, NULL::DOUBLE AS score,
            ['less_satisfied', 'satisfied', 'very_satisfied'][1 + (hash(course, 's') % 3)::BIGINT] AS category, year, month
          FROM courses WHERE hash(course, 'r') % 10 < 7
          UNION ALL
          SELECT patient, course, clinic, CASE WHEN indication = 'hair_loss' THEN 'phototrichogram_density'
            ELSE 'wrinkle_severity' END, t.timepoint, 'clinician',
            CASE WHEN indication = 'hair_loss' THEN 120 + hash(course, t.timepoint) % 60 + CASE WHEN t.timepoint = 'end' THEN 15 ELSE 0 END
                 ELSE 1 + hash(course, t.timepoint) % 5 END::DOUBLE,
            '', year, month
          FROM courses, (VALUES ('baseline'), ('end')) t(timepoint) WHERE hash(course, 'q') % 10 < 5
        )""",
    "adverse_events": """
        SELECT s.course, c.patient, s.clinic, ['bruising', 'swelling', 'stinging_burning'][1 + (hash(s.i, 'k') % 3)::BIGINT] AS kind,
          hash(s.i, 'ae') % 1000 = 0 AS serious, s.year, s.month
        FROM (SELECT i, (hash(i % $courses, 'c') >> 1)::BIGINT AS course,
                'C' || lpad((((i % $courses) % $clinics) + 1)::VARCHAR, 2, '0') AS clinic,
                (2023 + (i % $courses) % 3)::SMALLINT AS year, (1 + hash(i, 'm') % 12)::TINYINT AS month
              FROM range($sessions) t(i) WHERE hash(i, 'ae') % 1000 < 5) s
        JOIN courses c USING (course)""",
}
RAW = "SELECT count(*), count(DISTINCT course) FROM read_parquet(?) WHERE year = ?"
# The SQL candidate on PostgreSQL: the report's first two parts (sessions, and patients by
# indication and formulation) over the rows, with an index on (year, course). A lower bound
# for a report in SQL: the satisfaction, outcomes and adverse events would come on top.
PG_TABLES = {
    "sessions": "course bigint, clinic text, year smallint, month smallint",
    "courses": "course bigint PRIMARY KEY, patient bigint, clinic text, indication text, formulation text, "
    "age_band text, year smallint, month smallint",
}
PG_REPORT = """
WITH treated AS (SELECT course, count(*) AS sessions FROM registry_bench_sessions WHERE year = %s GROUP BY course)
SELECT c.indication, c.formulation, count(DISTINCT c.patient), sum(t.sessions)
FROM treated t JOIN registry_bench_courses c USING (course)
GROUP BY GROUPING SETS ((c.indication, c.formulation), (c.indication), ())
"""


def postgres_candidate(directory: Path, url: str) -> dict[str, float]:
    """Loads the rows into PostgreSQL (unlogged tables, dropped after) and times PG_REPORT."""
    import psycopg

    con = duckdb.connect(":memory:")
    with psycopg.connect(url, autocommit=True) as pg:
        start = time.perf_counter()
        for table, columns in PG_TABLES.items():
            name = f"registry_bench_{table}"
            pg.execute(f"DROP TABLE IF EXISTS {name}")
            pg.execute(f"CREATE UNLOGGED TABLE {name} ({columns})")
            csv_path = directory / f"{table}.csv"
            con.execute(
                f"COPY (SELECT * FROM read_parquet('{directory / table}.parquet')) "  # noqa: S608 - our paths
                f"TO '{csv_path}' (FORMAT csv, HEADER false)"
            )
            with pg.cursor() as cursor, cursor.copy(f"COPY {name} FROM STDIN (FORMAT csv)") as copy:
                with csv_path.open("rb") as handle:
                    while block := handle.read(1 << 20):
                        copy.write(block)
            csv_path.unlink()
        pg.execute("CREATE INDEX ON registry_bench_sessions (year, course)")
        pg.execute("ANALYZE registry_bench_sessions")
        pg.execute("ANALYZE registry_bench_courses")
        load_s = time.perf_counter() - start
        query_ms, rows = timed(lambda: pg.execute(PG_REPORT, [YEAR]).fetchall())
        for table in PG_TABLES:
            pg.execute(f"DROP TABLE registry_bench_{table}")
    overall = next(row for row in rows if row[0] is None)
    return {"postgres_load_s": round(load_s, 1), "postgres_two_parts_ms": round(query_ms, 1),
            "postgres_sessions_in_year": int(overall[3])}  # fmt: skip


def generate(directory: Path, sessions: int) -> dict[str, int]:
    courses = max(1, sessions // 6)
    sizes = {"$sessions": sessions, "$courses": courses, "$patients": max(1, courses * 10 // 13),
             "$clinics": CLINICS}  # fmt: skip
    con = duckdb.connect(":memory:")
    rows = {}
    for table, sql in GENERATE.items():
        for name, value in sizes.items():
            sql = sql.replace(name, str(value))
        columns = ", ".join(f"{name}::{kind} AS {name}" for name, kind in TABLES[table])
        con.execute(f"CREATE TABLE {table} AS SELECT {columns} FROM ({sql})")  # noqa: S608 - our own SQL
        path = directory / f"{table}.parquet"
        con.execute(f"COPY {table} TO '{path}' (FORMAT parquet)")
        rows[table] = int((con.execute(f"SELECT count(*) FROM {table}").fetchone() or (0,))[0])  # noqa: S608
    con.close()
    return rows


def views(directory: Path, tables: Iterable[str]) -> duckdb.DuckDBPyConnection:
    """A fresh connection whose tables are views of the Parquet files: nothing is loaded."""
    con = duckdb.connect(":memory:")
    for table in tables:
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{directory / table}.parquet')")  # noqa: S608
    return con


def aggregate_to_parquet(directory: Path) -> None:
    """The aggregate tables from the rows' Parquet files, written beside them (the refresh)."""
    con = views(directory, TABLES)
    aggregate(con)
    for table in AGGREGATES:
        con.execute(f"COPY {table} TO '{directory / table}.parquet' (FORMAT parquet)")
    con.close()


def report_over_parquet(directory: Path) -> RegistryReport:
    return registry_report(views(directory, REPORT_TABLES), YEAR)


def report_from_rows(directory: Path) -> RegistryReport:
    con = views(directory, TABLES)
    aggregate(con)
    return registry_report(con, YEAR)


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=10_000_000, help="done sessions (default 10,000,000)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--postgres", default=None, help="a PostgreSQL URL: also time the SQL candidate there"
    )
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mesodesk-registry-bench-") as name:
        directory = Path(name)
        start = time.perf_counter()
        rows = generate(directory, options.size)
        generated_s = time.perf_counter() - start
        start = time.perf_counter()
        aggregate_to_parquet(directory)
        aggregate_s = time.perf_counter() - start
        report_ms, report = timed(lambda: report_over_parquet(directory))
        loaded = duckdb.connect(":memory:")
        for table in REPORT_TABLES:
            loaded.execute(
                f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{directory / table}.parquet')"  # noqa: S608
            )
        memory_ms, _ = timed(lambda: registry_report(loaded, YEAR))
        raw_ms, raw = timed(
            lambda: (
                duckdb.connect(":memory:")
                .execute(RAW, [str(directory / "sessions.parquet"), YEAR])
                .fetchone()
            )
        )
        rows_ms, from_rows = timed(lambda: report_from_rows(directory))
        postgres = postgres_candidate(directory, options.postgres) if options.postgres else {}
    figures = {
        "size_sessions": options.size,
        "rows": rows,
        "year": YEAR,
        "cpus": os.cpu_count(),
        "generate_s": round(generated_s, 2),
        "aggregate_refresh_s": round(aggregate_s, 2),
        "report_over_parquet_ms": round(report_ms, 1),
        "report_in_memory_ms": round(memory_ms, 1),
        "report_from_rows_ms": round(rows_ms, 1),
        "raw_duckdb_query_ms": round(raw_ms, 1),
        "ratio_report_to_raw": round(report_ms / raw_ms, 2) if raw_ms else None,
        "ratio_in_memory_to_raw": round(memory_ms / raw_ms, 2) if raw_ms else None,
        "ratio_from_rows_to_raw": round(rows_ms / raw_ms, 2) if raw_ms else None,
        "sessions_in_year_report": report.overview.sessions,
        "sessions_in_year_raw": raw[0],
        "counts_agree": report.overview.sessions == raw[0] == from_rows.overview.sessions,
        "load_average_1min": round(os.getloadavg()[0], 2),
        **postgres,
    }
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:{width}s}  {value}")
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(figures, indent=2) + "\n")
    return figures


if __name__ == "__main__":
    main()
