"""The pseudonymized dataset of one network, read from the database into DuckDB.

This is the one reader that crosses clinics (inside a network, never beyond it): it lifts
the clinic scopes for the network's clinics only, and copies no name, contact, photo, note
or exact date (registry.schema says what each table holds). Rows go through a CSV file in
a private temporary directory, which DuckDB loads in one pass: faster than inserting them
one by one, and the file is gone when the dataset is built.
"""

from __future__ import annotations

import csv
import datetime
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings
from django.utils import timezone
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic
from mesodesk.clinic.registry import age_band, clinic_code, keyed_pseudonym
from mesodesk.courses.models import Course, CourseSession, SessionStatus
from mesodesk.outcomes.models import OutcomeResponse
from mesodesk.patients.models import Patient
from mesodesk.registry.keys import registry_key
from mesodesk.registry.report import AGGREGATES, REPORT_TABLES, aggregate
from mesodesk.registry.schema import TABLES, create_sql
from mesodesk.safety.models import AdverseEvent

Tick = Callable[[str, int], None]  # (table, rows so far): 0 as a table starts, then every CHUNK
CHUNK = 5000


def network_clinic_codes(network_id: int) -> dict[int, str]:
    """The network's clinics by id, each with its registry code (by age in the network)."""
    ids = Clinic.objects.filter(network_id=network_id).order_by("id").values_list("id", flat=True)
    return {clinic_id: clinic_code(position) for position, clinic_id in enumerate(ids)}


def network_dataset(
    network_id: int, *, key: str | None = None, tick: Tick | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection holding the network's pseudonymized tables, and the
    aggregate tables built from them (registry.report.AGGREGATES)."""
    key = registry_key() if key is None else key
    con = duckdb.connect(":memory:")
    with scopes_disabled(), tempfile.TemporaryDirectory(prefix="mesodesk-registry-") as directory:
        codes = network_clinic_codes(network_id)
        for table, rows in _tables(codes, key):
            path = Path(directory) / f"{table}.csv"
            if tick is not None:
                tick(table, 0)
            count = 0
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                for count, row in enumerate(rows, start=1):
                    writer.writerow(row)
                    if tick is not None and count % CHUNK == 0:
                        tick(table, count)
            con.execute(create_sql(table))
            if count:  # an empty file gives DuckDB nothing to read
                columns = dict(TABLES[table])
                con.read_csv(
                    str(path), header=False, names=list(columns), dtype=columns, delimiter=",", quotechar='"',
                    escapechar='"', na_values="\\N",
                ).insert_into(table)  # fmt: skip
            path.unlink()
    aggregate(con)
    return con


def dataset_directory(network_id: int) -> Path | None:
    """The network's directory under settings.REGISTRY_DATASET_DIR, None when that is unset."""
    base = settings.REGISTRY_DATASET_DIR
    return None if base is None else Path(base) / f"network-{network_id}"


def dataset_write(con: duckdb.DuckDBPyConnection, directory: Path, *, step: Callable[[str], None]) -> None:
    """The dataset's tables and its aggregates as Parquet files in `directory`, written beside
    it first and then swapped in, so a report never reads a half-written dataset."""
    fresh = directory.with_name(directory.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    for table in (*TABLES, *AGGREGATES):
        step(f"writing {table}")
        con.table(table).write_parquet(str(fresh / f"{table}.parquet"))
    old = directory.with_name(directory.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if directory.exists():
        directory.rename(old)
    fresh.rename(directory)
    shutil.rmtree(old, ignore_errors=True)


def dataset_over(directory: Path) -> duckdb.DuckDBPyConnection | None:
    """A connection whose report tables are views of the Parquet files in `directory`, or None
    when a file is missing (no dataset written there yet)."""
    if any(not (directory / f"{table}.parquet").exists() for table in REPORT_TABLES):
        return None
    con = duckdb.connect(":memory:")
    for table in REPORT_TABLES:
        con.read_parquet(str(directory / f"{table}.parquet")).create_view(table)
    return con


def _null(value: Any) -> Any:
    return "\\N" if value is None else value


def _tables(codes: dict[int, str], key: str) -> Iterator[tuple[str, Iterable[tuple[Any, ...]]]]:
    clinics = list(codes)

    def patient(pk: int) -> int:
        return keyed_pseudonym(key, "patient", pk)

    def course(pk: int | None) -> Any:
        return "\\N" if pk is None else keyed_pseudonym(key, "course", pk)

    yield (
        "patients",
        (
            (patient(pk), codes[clinic], sex, age_band(born, created.date()))
            for pk, clinic, sex, born, created in Patient.objects.filter(clinic_id__in=clinics)
            .values_list("pk", "clinic_id", "sex", "date_of_birth", "created_at")
            .iterator(chunk_size=CHUNK)
        ),
    )
    courses = Course.objects.filter(clinic_id__in=clinics).values_list(
        "pk", "patient_id", "clinic_id", "indication", "formulation", "patient__date_of_birth", "created_at"
    )
    yield "courses", (
        (course(pk), patient(patient_id), codes[clinic], indication, formulation,
         age_band(born, timezone.localtime(created).date()), *_month(timezone.localtime(created).date()))
        for pk, patient_id, clinic, indication, formulation, born, created in courses.iterator(CHUNK)
    )  # fmt: skip
    sessions = CourseSession.objects.filter(clinic_id__in=clinics, status=SessionStatus.DONE)
    yield (
        "sessions",
        (
            (course(course_id), codes[clinic], *_month(due))
            for course_id, clinic, due in sessions.values_list("course_id", "clinic_id", "due").iterator(
                CHUNK
            )
        ),
    )
    responses = (
        OutcomeResponse.objects.filter(clinic_id__in=clinics)
        .order_by("answered_on", "id")
        .values_list(
            "patient_id",
            "course_id",
            "clinic_id",
            "instrument",
            "timepoint",
            "rater",
            "score",
            "category",
            "answered_on",
        )  # fmt: skip
    )
    yield "responses", (
        (seq, patient(patient_id), course(course_id), codes[clinic], instrument, timepoint, rater,
         _null(None if score is None else float(score)), category, *_month(answered_on))
        for seq, (patient_id, course_id, clinic, instrument, timepoint, rater, score, category, answered_on)
        in enumerate(responses.iterator(chunk_size=CHUNK))
    )  # fmt: skip
    events = AdverseEvent.objects.filter(clinic_id__in=clinics, session__status=SessionStatus.DONE)
    yield (
        "adverse_events",
        (
            (course(course_id), patient(patient_id), codes[clinic], kind, serious, *_month(onset))
            for course_id, patient_id, clinic, kind, serious, onset in events.values_list(
                "session__course_id", "patient_id", "clinic_id", "kind", "serious", "onset"
            ).iterator(chunk_size=CHUNK)
        ),
    )


def _month(day: datetime.date) -> tuple[int, int]:
    return day.year, day.month
