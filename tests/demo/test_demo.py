"""The demo clinic looks alive: a few hundred patients, a full calendar this week and next,
loose ends on the dashboard; the same on every fresh run, and unchanged by a second run."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from mesodesk.accounts.models import AuditEvent
from mesodesk.courses.models import Course
from mesodesk.demo.calendar import working_days
from mesodesk.demo.clinics import demo_create
from mesodesk.inventory.models import Lot
from mesodesk.outcomes.models import OutcomeResponse
from mesodesk.patients.models import IntakeInvitation, Patient
from mesodesk.scheduling.models import Appointment, Reminder
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db
SMALL = 40  # patients per clinic where a test runs the demo more than once


class _Undo(Exception):
    pass


def fingerprint() -> dict[str, Any]:
    with scopes_disabled():
        return {
            "patients": sorted(
                Patient.objects.values_list(
                    "clinic__slug", "family_name", "given_name", "date_of_birth", "preferred_language"
                )
            ),
            "courses": sorted(
                Course.objects.values_list("patient__family_name", "protocol_code", "formulation")
            ),
            "appointments": sorted(
                Appointment.objects.values_list(
                    "clinician__username", "start", "patient__family_name", "patient__given_name", "kind"
                )
            ),
            "intake_links": IntakeInvitation.objects.count(),
            "reminders": Reminder.objects.count(),
            "outcomes": sorted(
                OutcomeResponse.objects.values_list(
                    "patient__family_name", "instrument", "timepoint", "score", "category"
                )
            ),
            "audit_rows": AuditEvent.objects.count(),
            "lots": sorted(Lot.objects.values_list("product__name", "number", "expires", "on_hand")),
        }


def test_two_fresh_runs_give_the_same_practice_and_a_second_run_changes_nothing() -> None:
    with pytest.raises(_Undo), transaction.atomic():
        demo_create(patients_per_clinic=SMALL)
        first = fingerprint()
        raise _Undo  # back to an empty database, as if on another machine
    assert fingerprint()["patients"] == []
    demo_create(patients_per_clinic=SMALL)
    second = fingerprint()
    assert first == second and second["appointments"], "the same seed, the same people and calendar"
    assert second["lots"], "stock to see"
    demo_create(patients_per_clinic=SMALL)
    assert fingerprint() == second, "idempotent: not one row more, not even in the audit trail"


def test_the_demo_is_a_living_practice(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    # The test's transaction never commits: run what the demo's commit would (the recalls).
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        demo_create()
    today = timezone.localdate()
    days = working_days(today)
    with scopes_disabled():
        assert Patient.objects.count() >= 300
        assert set(Patient.objects.values_list("preferred_language", flat=True)) == {"en", "fr", "de"}
        live = Appointment.objects.filter(cancelled_at__isnull=True)
        this_week = live.filter(start__date__gte=days[0], start__date__lte=days[4])
        next_week = live.filter(start__date__gte=days[5], start__date__lte=days[9])
        assert this_week.count() > 100 and next_week.count() > 100
        for appointment in live.filter(start__date__gte=days[0], start__date__lte=days[9]):
            local = timezone.localtime(appointment.start), timezone.localtime(appointment.end)
            assert local[0].weekday() < 5 and local[0].time() >= datetime.time(9)
            assert local[1].time() <= datetime.time(18)
        meso = live.filter(kind="mesotherapy", start__date__gte=days[0], start__date__lte=days[9])
        missing = [a for a in meso if any(g["code"] == "consent_missing" for g in a.gates)]
        assert 0 < len(missing) < meso.count() / 4, "most signed their consent, a few not yet"
        assert Course.objects.filter(sessions__status="done").distinct().count() > 20
        assert Reminder.objects.filter(kind="recall").exists(), "a completed course has its recall"
    signed_in(client, get_user_model().objects.get(username="bellecour-clinician"))
    html = client.get("/").content.decode()
    for anchor in ('id="appointments"', 'id="sessions-due"', 'id="intake-waiting"', 'id="findings"'):
        assert anchor in html
    assert "?session=" in html, "sessions due to book"
    assert 'id="alerts"' in html and "/inventory/lots/" in html, "a lot expiring soon"
    outcomes = client.get("/outcomes/").content.decode()
    assert 'class="stacked"' in outcomes and 'class="slopes"' in outcomes, "the outcomes dashboard has data"
    signed_in(client, get_user_model().objects.get(username="bellecour-clinic-admin"))
    html = client.get("/").content.decode()
    assert 'id="appointments"' in html and "?session=" not in html
    with scopes_disabled():
        for family, given, pseudonym in Patient.objects.values_list("family_name", "given_name", "pseudonym"):
            assert f"{family.upper()} {given}" not in html and pseudonym not in html
