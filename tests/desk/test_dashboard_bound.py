"""The dashboard lists what one person can read, however many clinicians the clinic has: the
reader's own day in full, the others' up to LIST_LIMIT rows in all (today's first), the rest as a summary line
that links to that clinician's day on the calendar (issue 15)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic
from mesodesk.desk.selectors import LIST_LIMIT
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Appointment
from tests.audit_reads import patients_audited
from tests.conftest import make_patient, signed_in
from tests.desk.test_dashboard import at, section

pytestmark = pytest.mark.django_db

WARNING = {"code": "consent_missing", "level": "warning", "message": "Consent missing."}
BLOCKED = {"code": "screening_blocked", "level": "blocked", "message": "Screening blocks it."}
ROWS_EACH = 2  # appointments today per clinician


def busy_today(clinic: Clinic, django_user_model: Any, clinicians: int, first: int = 0) -> list[Any]:
    """`clinicians` more clinicians, each with ROWS_EACH appointments today (the first with a
    warning and a refusal stored, as the booking's gates would have left them) and one tomorrow,
    each with a patient of its own (Busy<n>, named as the clinician's number)."""
    today, tomorrow = timezone.localdate(), timezone.localdate() + datetime.timedelta(days=1)
    made, rows = [], []
    for n in range(first, first + clinicians):
        clinician = django_user_model.objects.create(username=f"doc{n:03d}", last_name=f"Doc{n:03d}")
        made.append(clinician)
        for hour, day in [*((9 + h, today) for h in range(ROWS_EACH)), (9, tomorrow)]:
            patient = make_patient(clinic, f"Busy{n:03d}", f"H{hour}{'t' if day == tomorrow else ''}")
            rows.append(
                Appointment(
                    clinic=clinic,
                    patient=patient,
                    clinician=clinician,
                    kind="iontophoresis",
                    start=at(day, hour),
                    end=at(day, hour) + datetime.timedelta(minutes=30),
                    gates=[WARNING, BLOCKED] if hour == 9 and day == today else [],
                    created_by="test",
                )  # fmt: skip
            )
    with scopes_disabled():
        Appointment.objects.bulk_create(rows)
    return made


def own_day(clinic: Clinic, clinician: Any) -> None:
    """The reader's own three appointments today: always listed in full."""
    with scopes_disabled():
        for hour in (14, 15, 16):
            Appointment.objects.create(
                clinic=clinic, patient=make_patient(clinic, f"Mine{hour}", "Max"), clinician=clinician,
                kind="iontophoresis", start=at(timezone.localdate(), hour),
                end=at(timezone.localdate(), hour) + datetime.timedelta(minutes=30), created_by="test",
            )  # fmt: skip


def opened(client: Client) -> tuple[str, int]:
    client.get("/")  # sessions and caches settle
    with CaptureQueriesContext(connection) as seen:
        html = client.get("/").content.decode()
    return html, len(seen.captured_queries)


# What a page listing LIST_LIMIT rows and summarising 60 clinicians weighs (60 kB with 20 rows;
# 79 kB with 50), with room to spare; listing the 180 rows of 60 clinicians' two days would
# weigh far more.
HTML_BOUND = 70_000


def test_sixty_clinicians_cost_the_queries_of_three_and_the_html_stays_bounded(
    client: Client, alice: Any, clinic_a: Clinic, django_user_model: Any
) -> None:
    own_day(clinic_a, alice)
    busy_today(clinic_a, django_user_model, 3)
    small, small_queries = opened(signed_in(client, alice))
    assert section(small, "appointments").count('class="appointment"') == 3 + 3 * ROWS_EACH + 3
    busy_today(clinic_a, django_user_model, 57, first=3)
    large, large_queries = opened(client)
    assert large_queries == small_queries
    today = section(large, "appointments").count('class="appointment"')
    assert today <= 3 + LIST_LIMIT, "the reader's own rows, and at most LIST_LIMIT of the others'"
    assert len(large.encode()) < HTML_BOUND


def test_a_summarised_clinician_is_counted_and_linked_to_their_day_on_the_calendar(
    client: Client, alice: Any, clinic_a: Clinic, django_user_model: Any
) -> None:
    own_day(clinic_a, alice)
    made = busy_today(clinic_a, django_user_model, 60)
    html = section(signed_in(client, alice).get("/").content.decode(), "appointments")
    last = made[-1]  # Doc059: alphabetically last, summarised
    today = timezone.localdate().isoformat()
    assert (
        f'/calendar/?view=day&amp;day={today}&amp;clinician={last.pk}">See this day in the calendar</a>'
        in html
    )
    assert "2 appointments · 1 blocked · 1 warning" in html
    assert "BUSY059" not in html, "a summarised day names nobody"
    assert "MINE16 Max" in html, "the reader's own day is listed in full"
    french = section(client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode(), "appointments")
    assert "2 rendez-vous · 1 refusé · 1 avertissement" in french and "Voir ce jour dans l'agenda" in french


def test_only_the_patients_listed_are_audited(
    client: Client, alice: Any, clinic_a: Clinic, django_user_model: Any
) -> None:
    own_day(clinic_a, alice)
    busy_today(clinic_a, django_user_model, 60)
    html = signed_in(client, alice).get("/").content.decode()
    with scopes_disabled():
        ids = patients_audited(actor="alice", detail__where="dashboard")
        audited = set(Patient.objects.filter(pk__in=ids).values_list("family_name", flat=True))
    named = {name for name in audited if name.upper() in html}
    assert audited == named, "every patient audited is named on the page"
    assert "Busy059" not in audited and "Mine16" in audited


def test_the_administrators_counts_name_the_refusals_as_the_clinicians_summary_does(
    client: Client, carol: Any, clinic_a: Clinic, django_user_model: Any
) -> None:
    made = busy_today(clinic_a, django_user_model, 1)
    html = section(signed_in(client, carol).get("/").content.decode(), "appointments")
    today = timezone.localdate().isoformat()
    assert "2 appointments · 1 blocked · 1 warning" in html
    assert (
        f'/calendar/?view=day&amp;day={today}&amp;clinician={made[0].pk}">See this day in the calendar</a>'
        in html
    )
    assert "BUSY000" not in html.upper(), "an administrator reads no patient's name"
