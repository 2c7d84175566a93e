"""The dashboard is the day's work: each role sees what it acts on, and no more."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_scopes import scope

from mesodesk.accounts.audit import audit_verify
from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.courses.models import Course
from mesodesk.courses.services import course_create
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.intake import intake_invitation_create
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Appointment
from mesodesk.scheduling.services import appointment_book
from tests.audit_reads import patients_audited
from tests.conftest import make_patient, signed_in
from tests.outcomes.test_setup_pages import ITCH

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def wrinkles_course(patient: Patient, clinician: Any, start: datetime.date) -> Course:
    """A course of wrinkles_15 after a history with nothing to report (a course needs one);
    one that began before today is entered as such."""
    history_update(patient=patient, answers=HistoryAnswers(), actor=clinician)
    return course_create(
        patient=patient, indication="wrinkles", protocol_code="wrinkles_15", formulation="",
        clinician=clinician, start=start, actor=clinician, started_elsewhere=start < timezone.localdate(),
    )  # fmt: skip


def book_session(course: Course, clinician: Any, when: datetime.datetime) -> Appointment:
    return appointment_book(
        patient=course.patient, clinician=clinician, start=when, end=when + datetime.timedelta(minutes=30),
        actor=clinician, course_session=course.sessions.get(number=1),
    )  # fmt: skip


@pytest.fixture
def day_work(patient_a: Patient, alice: Any, clinic_a: Clinic) -> dict[str, Any]:
    """Today: Claire Martin's first session (no consent yet: a warning) and, since then, a
    psoriasis in her history that no clinician has acknowledged; Paul Bernard's first session
    is due and not booked; Greta Weber has an intake link waiting."""
    today = timezone.localdate()
    bernard = make_patient(clinic_a, "Bernard", "Paul")
    weber = make_patient(clinic_a, "Weber", "Greta", preferred_language="de")
    with scope(clinic=clinic_a):
        booked = book_session(wrinkles_course(patient_a, alice, today), alice, at(today, 12))
        history_update(
            patient=patient_a, answers=HistoryAnswers(conditions=frozenset({"psoriasis"})), actor=alice
        )
        due = wrinkles_course(bernard, alice, today - datetime.timedelta(days=3)).sessions.get(number=1)
        intake_invitation_create(patient=weber, actor=alice)
    return {"appointment": booked, "due": due, "bernard": bernard, "weber": weber}


@pytest.fixture
def canary_today(patient_b: Patient, charlie: Any) -> Appointment:
    """Clinic B's patient, booked today too: no page of clinic A may name her."""
    with scope(clinic=patient_b.clinic):
        return appointment_book(
            patient=patient_b, clinician=charlie, start=at(timezone.localdate(), 12),
            end=at(timezone.localdate(), 13), actor=charlie, kind="iontophoresis",
        )  # fmt: skip


def section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


def test_the_clinicians_dashboard_is_the_days_work(
    client: Client, alice: Any, day_work: dict[str, Any]
) -> None:
    html = signed_in(client, alice).get("/").content.decode()
    today = section(html, "appointments")
    assert "MARTIN Claire" in today and "12:00" in today
    assert "Warning: Consent missing" in today, "the stored gate, by its translated title"
    due = section(html, "sessions-due")
    assert "BERNARD Paul" in due and f"/calendar/book/?session={day_work['due'].pk}" in due
    waiting = section(html, "intake-waiting")
    assert "WEBER Greta" in waiting and f"/patients/{day_work['weber'].pseudonym}/" in waiting
    findings = section(html, "findings")
    assert "MARTIN Claire" in findings and "Psoriasis" in findings and "indication=wrinkles" in findings


def test_today_a_clinician_starts_the_session_or_opens_its_record_and_an_assistant_only_starts_it(
    client: Client, alice: Any, bob: Any, day_work: dict[str, Any]
) -> None:
    record = f"/charting/appointments/{day_work['appointment'].pk}/"
    today = section(signed_in(client, alice).get("/").content.decode(), "appointments")
    assert "Start the session" in today and record in today
    today = section(signed_in(client, bob).get("/").content.decode(), "appointments")
    assert "Start the session" in today and record not in today


def test_reading_the_dashboard_audits_each_patient_named(
    client: Client, alice: Any, patient_a: Patient, day_work: dict[str, Any]
) -> None:
    signed_in(client, alice).get("/")
    named = {patient_a.pk, day_work["bernard"].pk, day_work["weber"].pk}
    assert patients_audited(actor="alice", detail__where="dashboard") == sorted(named), "each once"
    assert AuditEvent.objects.filter(actor="alice", detail__where="dashboard").count() == 1, "one listing"
    assert audit_verify().intact, "the listing is chained like any other line, its patients match it"


def test_the_dashboard_in_german_titles_the_gate_in_german(
    client: Client, alice: Any, day_work: dict[str, Any]
) -> None:
    html = signed_in(client, alice).get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Warnung: Einwilligung fehlt" in html and "Consent missing" not in html
    assert "Heute" in html and "Zu buchende Sitzungen" in html and "Offene Fragebogen-Links" in html


def test_the_dashboard_in_french_sets_its_colons_as_french_does(
    client: Client, alice: Any, day_work: dict[str, Any]
) -> None:
    today = section(
        signed_in(client, alice).get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode(), "appointments"
    )
    assert "Avertissement : Consentement manquant" in today
    assert "Évaluations de résultat attendues : " in today


def test_the_administrator_sees_counts_and_the_calendar_but_no_patient_name(
    client: Client, carol: Any, patient_a: Patient, day_work: dict[str, Any]
) -> None:
    html = signed_in(client, carol).get("/").content.decode()
    for patient in (patient_a, day_work["bernard"], day_work["weber"]):
        assert patient.family_name.upper() not in html.upper() and patient.given_name not in html
        assert patient.pseudonym not in html
    assert "1 appointment" in html and "/calendar/" in html
    assert "1 session due to book" in html and "1 intake link waiting" in html
    assert not AuditEvent.objects.filter(action="read", actor="carol").exists()


def test_the_analyst_sees_outcomes_and_knowledge_only(
    client: Client, nina: Any, day_work: dict[str, Any]
) -> None:
    html = signed_in(client, nina).get("/").content.decode()
    assert 'id="appointments"' not in html and 'id="counts"' not in html and "MARTIN" not in html
    assert ">Knowledge</" in html


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "nina"])
def test_no_role_of_clinic_a_sees_clinic_bs_patient(
    client: Client,
    who: str,
    request: pytest.FixtureRequest,
    day_work: dict[str, Any],
    canary_today: Appointment,
) -> None:
    html = signed_in(client, request.getfixturevalue(who)).get("/").content.decode()
    assert "Canary-7f3e".upper() not in html.upper() and "Zebulon" not in html


def test_the_query_count_does_not_grow_with_the_clinic(
    client: Client, alice: Any, clinic_a: Clinic, day_work: dict[str, Any], django_assert_num_queries: Any
) -> None:
    signed_in(client, alice).get("/")  # sessions and caches settle
    with django_assert_num_queries(QUERIES):
        assert client.get("/").status_code == 200
    # Many more patients with active courses, but none seen in the next days: not screened.
    with scope(clinic=clinic_a):
        for n in range(6):
            wrinkles_course(make_patient(clinic_a, f"Extra{n}", "Eva"), alice, timezone.localdate())
    with django_assert_num_queries(QUERIES):
        assert client.get("/").status_code == 200


# Session, user, membership (twice: middleware and navigation); appointments (every one counted
# from a light read, then the rows listed read whole), sessions due,
# intake links, the listed patients' active courses; their screenings all
# at once (histories, reported allergies, acknowledgements); the audit of the names shown in one
# listing (savepoint and release, the chain's last hash, its line, its patients); the stock alerts (products below
# their threshold, lots expiring soon); the clinic's safety signals; the outcome ratings due at the
# appointments' sessions (outcomes.selectors.ratings_due_at_sessions: the sessions, their courses'
# last numbers and, a session being a first, fourth or last, the answers given and the clinic's
# schedules). PostgreSQL also takes the chain's lock.
QUERIES = 24 + (connection.vendor == "postgresql")


def test_findings_are_screened_for_the_soonest_patients_up_to_a_cap(
    client: Client,
    alice: Any,
    clinic_a: Clinic,
    day_work: dict[str, Any],
    django_assert_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("mesodesk.desk.selectors.FINDINGS_MAX_COURSES", 1)
    today = timezone.localdate()
    with scope(clinic=clinic_a):
        later = wrinkles_course(make_patient(clinic_a, "Later", "Lena"), alice, today)
        book_session(later, alice, at(today, 15))
    signed_in(client, alice).get("/")
    with django_assert_num_queries(QUERIES):  # one screening, not two
        html = client.get("/").content.decode()
    assert "MARTIN Claire" in section(html, "findings"), "the patient seen soonest is screened first"


def test_the_clinician_sees_the_outcome_ratings_due_at_today_s_first_session(
    client: Client, alice: Any, day_work: dict[str, Any]
) -> None:
    html = signed_in(client, alice).get("/").content.decode()
    today = section(html, "appointments")
    assert "Outcome ratings due: Wrinkle severity (1–5), Photo-ageing type (Glogau)" in today
    course_id = day_work["appointment"].course_session.course_id
    assert f"/outcomes/courses/{course_id}/" in today


def test_the_clinics_own_scale_due_today_is_named_not_coded(
    client: Client,
    alice: Any,
    carol: Any,
    day_work: dict[str, Any],
    django_assert_num_queries: Any,
) -> None:
    """The clinic's own clinician-rated scale, due at the first session, is read by its name in
    the reader's language, never by its code; one more query only when such a scale is due."""
    admin = signed_in(client, carol)
    assert admin.post("/outcomes/scales/new/", ITCH).status_code == 302
    assert admin.post("/outcomes/schedules/wrinkles_15/", {"at_itch": ["baseline"]}).status_code == 302
    client.logout()
    today = section(signed_in(client, alice).get("/").content.decode(), "appointments")
    assert "Outcome ratings due: Itch" in today and "due: itch" not in today
    french = section(client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode(), "appointments")
    assert "Démangeaison" in french and ": itch" not in french
    with django_assert_num_queries(QUERIES + 1):  # the clinic's own scales' names
        assert client.get("/").status_code == 200


@pytest.mark.parametrize(("language", "kind"), [("en", "Mesotherapy"), ("fr", "Mésothérapie")])
def test_an_appointment_row_shows_its_wall_clock_times_and_its_kind_in_the_readers_language(
    client: Client, alice: Any, day_work: dict[str, Any], language: str, kind: str
) -> None:
    """The times and the kind are written once per page, in the view (docs/performance.md):
    still the clinic's wall-clock time, still translated."""
    signed_in(client, alice)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    row = section(html, "appointments")
    assert "<strong>12:00–12:30</strong>" in row
    assert f'<span class="muted">{kind}' in row


@pytest.mark.parametrize(("language", "started"), [("en", "Started at 12:05"), ("fr", "Commencée à 12:05")])
def test_a_started_session_says_when_in_the_readers_language_instead_of_offering_the_button(
    client: Client, alice: Any, clinic_a: Clinic, day_work: dict[str, Any], language: str, started: str
) -> None:
    """The row's start button and its 'started' line are written on the dashboard itself, in
    desk's catalogue (docs/performance.md): the same words as the calendar's."""
    with scope(clinic=clinic_a):
        Appointment.objects.filter(pk=day_work["appointment"].pk).update(
            started_at=at(timezone.localdate(), 12) + datetime.timedelta(minutes=5)
        )
    html = signed_in(client, alice).get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    row = section(html, "appointments")
    assert started in row
    assert "start-session" not in row
