"""The per-session bruising fields become adverse events (safety 0002) before courses 0005
removes them: a session's record of bruising survives the move."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from tests.inventory.test_concurrent_draws import _triggers_back_after_the_flush, committed  # noqa: F401

# Migrating needs committed schema changes (SQLite's DDL is not transactional): a flushed
# database, with the audit table's append-only triggers lifted for the flush (as inventory's
# concurrency tests do).
BEFORE = [("safety", "0001_initial"), ("courses", "0004_price_messages")]
AFTER = [("safety", "0002_bruising_from_sessions"), ("courses", "0005_bruising_is_an_adverse_event")]


@pytest.mark.usefixtures("committed")
def test_bruising_on_sessions_becomes_adverse_events(django_user_model: Any) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    # The models as the database has them now: every app's latest but for safety and courses.
    applied = list(MigrationRecorder(connection).applied_migrations())
    old = executor.loader.project_state(applied).apps
    network = old.get_model("accounts", "Network").objects.create(name="N")
    clinic = old.get_model("accounts", "Clinic").objects.create(network=network, name="C", slug="c")
    user = old.get_model("auth", "User").objects.create(username="dr")
    patient = old.get_model("patients", "Patient").objects.create(
        clinic=clinic,
        pseudonym="P-MIGRATE1",
        family_name="M",
        given_name="C",
        date_of_birth=datetime.date(1980, 1, 1),
    )
    snapshot = old.get_model("patients", "ScreeningSnapshot").objects.create(
        clinic=clinic, patient=patient, indication="wrinkles", history_version=1, result={}, taken_by="dr"
    )
    course = old.get_model("courses", "Course").objects.create(
        clinic=clinic, patient=patient, clinician=user, indication="wrinkles", protocol_code="wrinkles_15",
        protocol_name="Wrinkles", screening=snapshot,
    )  # fmt: skip
    session_model = old.get_model("courses", "CourseSession")
    day = datetime.date(2026, 3, 2)
    common = {
        "clinic": clinic,
        "course": course,
        "due": day,
        "earliest": day,
        "latest": day,
        "status": "done",
    }
    session_model.objects.create(
        number=1, bruising=True, bruising_resolved_on=day + datetime.timedelta(days=4), **common
    )
    session_model.objects.create(number=2, bruising=True, **common)
    session_model.objects.create(number=3, **common)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    events = list(new.get_model("safety", "AdverseEvent").objects.order_by("session__number"))
    assert [(e.session.number, e.kind, e.outcome) for e in events] == [
        (1, "bruising", "resolved"),
        (2, "bruising", "ongoing"),
    ]
    assert events[0].resolved_on == day + datetime.timedelta(days=4)
    assert events[0].clinician_id == user.pk and events[0].onset == day
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
