"""Courses and scheduling in the reader's language: e-mails in the patient's, pages in the staff's.

Day and month names are spelled out here rather than asked of Django, so a reminder that
fell back to English (or to another language's calendar) fails. The knowledge base's texts
are looked up by code: their French and German wording is another catalogue's business."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope

from mesodesk.courses.models import Course
from mesodesk.courses.services import course_session_record
from mesodesk.knowledge.i18n import load_translations
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.models import Patient
from mesodesk.scheduling.gates import gate_shown
from mesodesk.scheduling.reminders import recall_schedule
from tests.conftest import signed_in
from tests.scheduling.conftest import at
from tests.scheduling.test_booking import book, run_worker, session_of

pytestmark = pytest.mark.django_db

DAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
}
MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
}  # fmt: skip


def written(day: datetime.date, language: str) -> str:
    """A day as a French or German letter writes it, without the year."""
    weekday, month = DAYS[language][day.weekday()], MONTHS[language][day.month - 1]
    return f"{weekday} {day.day} {month}" if language == "fr" else f"{weekday}, {day.day}. {month}"


def kb(section: str, code: str, language: str) -> str:
    return load_translations().label(section, code, language)


def patient_speaks(course: Course, language: str, actor: Any = None, **history: Any) -> None:
    with scope(clinic=course.clinic):
        Patient.objects.filter(pk=course.patient_id).update(
            email="claire@example.org", preferred_language=language
        )
        if history:
            history_update(
                patient=course.patient,
                answers=HistoryAnswers(**history),
                actor=actor,
            )


@pytest.mark.parametrize(
    ("language", "stop", "greeting", "english"),
    [
        ("fr", "Arrêtez {drug} au plus tard le {day} à {time} (48 heures avant)", "Bonjour Claire Martin,", "Stop"),
        ("de", "Setzen Sie {drug} spätestens am {day} um {time} ab (48 Stunden vorher)", "Guten Tag Claire Martin,", "Stop"),
    ],
)  # fmt: skip
def test_the_appointment_reminder_is_in_the_patients_language_on_the_clinics_clock(
    course: Course,
    alice: Any,
    mailoutbox: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    stop: str,
    greeting: str,
    english: str,
) -> None:
    patient_speaks(course, language, alice, medications=frozenset({"aspirin"}))
    # 60 hours ahead: the reminder is due now, and the 48-hour stop point is still to come
    # (a reminder sent after it asks the patient to call instead: test_gates_everywhere).
    start = (timezone.localtime() + datetime.timedelta(hours=60)).replace(minute=30, second=0, microsecond=0)
    soon = start.date()
    with scope(clinic=course.clinic):
        book(course, alice, 1, start)
    run_worker(monkeypatch)
    [message] = mailoutbox
    stop_by = timezone.localtime(start) - datetime.timedelta(hours=48)
    expected = stop.format(
        drug={"fr": "l'aspirine", "de": "Aspirin"}[language],  # as a sentence names it
        day=written(stop_by.date(), language),
        time=f"{stop_by:%H:%M}",
    )
    assert expected in message.body, message.body
    assert written(soon, language) in message.subject and f"{start:%H:%M}" in message.subject
    assert message.body.startswith(greeting)
    # The before-session advice comes from the knowledge base, in the patient's language.
    assert f"- {kb('pre_care', 'no_creams_on_the_day', language)}" in message.body
    # Nothing in English, and no time on UTC's clock (the clinic is an hour or two ahead of it).
    assert not re.search(rf"\b{english}\b|\bDear\b|\bBefore your session\b", message.body)
    assert f"{start.astimezone(datetime.UTC):%H:%M}" not in message.body


@pytest.mark.parametrize(
    ("language", "subject", "sentence", "between"),
    [
        ("fr", "Le moment de votre séance d'entretien chez Clinique A", "Veuillez contacter Clinique A pour la réserver.",
         "Nous vous conseillons de la réserver entre le {earliest} et le {latest}."),
        ("de", "Zeit für Ihre Erhaltungssitzung bei Clinique A", "Bitte wenden Sie sich an Clinique A, um sie zu buchen.",
         "Wir empfehlen Ihnen, sie zwischen {earliest} und {latest} zu buchen."),
    ],
)  # fmt: skip
def test_the_maintenance_recall_is_in_the_patients_language_with_the_days_to_book_within(
    course: Course,
    mailoutbox: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    subject: str,
    sentence: str,
    between: str,
) -> None:
    patient_speaks(course, language)
    last = timezone.localdate() - datetime.timedelta(days=100)  # hair_loss_8: every 90 to 180 days
    with scope(clinic=course.clinic):
        recall_schedule(course=course, last_session_day=last)
    run_worker(monkeypatch)
    [message] = mailoutbox
    earliest, latest = last + datetime.timedelta(days=90), last + datetime.timedelta(days=180)
    assert message.subject == subject
    assert sentence in message.body
    window = between.format(
        earliest=f"{written(earliest, language)} {earliest.year}",
        latest=f"{written(latest, language)} {latest.year}",
    )
    assert window in message.body, message.body
    assert "maintenance session" not in message.body


def test_a_refused_booking_shows_the_gate_in_french_and_never_its_code(
    client: Client, course: Course, alice: Any, start_day: datetime.date
) -> None:
    with scope(clinic=course.clinic):
        course_session_record(
            session=session_of(course, 1),
            status="done",
            bruising=True,
            bruising_resolved_on=None,
            actor=alice,
        )
        session = session_of(course, 2)
    signed_in(client, alice)
    response = client.post(
        f"/calendar/book/?session={session.pk}",
        {"day": session.due.isoformat(), "time": "09:00", "minutes": 30, "kind": "mesotherapy",
         "clinician": alice.pk},
        headers={"accept-language": "fr"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 422
    gates = html[html.index('id="gates"') :]
    assert "Cette réservation est refusée" in gates
    assert '<strong class="gate-title">Ecchymose non résorbée</strong>' in gates
    assert "La séance précédente a laissé une ecchymose" in gates
    assert ">Refusé<" in gates
    assert kb("after_care", "next_session_after_bruising", "fr") in gates
    for raw in ("bruising_unresolved", ">blocked<", "The previous session"):
        assert raw not in html


def test_a_booking_outside_its_window_warns_in_german_with_german_dates(
    client: Client, course: Course, alice: Any
) -> None:
    with scope(clinic=course.clinic):
        session = session_of(course, 2)
    early = session.earliest - datetime.timedelta(days=2)
    signed_in(client, alice)
    page = client.post(
        f"/calendar/book/?session={session.pk}",
        {
            "day": early.isoformat(),
            "time": "09:00",
            "minutes": 30,
            "kind": "mesotherapy",
            "clinician": alice.pk,
        },
        headers={"accept-language": "de"},
        follow=True,
    ).content.decode()

    def german(day: datetime.date) -> str:
        return f"{day.day}. {MONTHS['de'][day.month - 1]} {day.year}"

    assert (
        f"Warnung: Außerhalb des Zeitfensters der Sitzung. Der {german(early)} liegt außerhalb des "
        f"Zeitfensters dieser Sitzung, {german(session.earliest)} bis {german(session.latest)}."
    ) in page
    assert "outside_window" not in page and "Termin gebucht: " in page


def test_the_course_page_in_german_names_the_indication_and_protocol_by_their_labels(
    client: Client, alice: Any, course: Course
) -> None:
    signed_in(client, alice)
    html = client.get(f"/courses/{course.pk}/", headers={"accept-language": "de"}).content.decode()
    assert f'<span id="indication">{kb("indications", "hair_loss", "de")}</span>' in html
    assert f'<span id="formulation">{kb("formulations", "mesohair", "de")}</span>' in html
    assert f"<h1>{kb('protocols', 'hair_loss_8', 'de')} " in html
    assert f"Sitzungen von {kb('protocols', 'hair_loss_8', 'de')}" in html  # the timeline's title
    # The rows show each session's status as words (its form is on the session's own page).
    assert "Kostenvoranschlag" in html and "<td>Geplant" in html and "geeignet" in html
    for code in ("hair_loss", "mesohair", "eligible"):
        assert code not in html


def test_a_stored_gate_from_before_params_keeps_its_sentence_under_a_translated_title() -> None:
    from django.utils import translation

    stored = {
        "code": "outside_window",
        "level": "warning",
        "message": "2027-03-10 is outside …",
        "sources": [],
    }
    with translation.override("fr"):
        shown = gate_shown(stored)
    assert shown["title"] == "Hors de la fenêtre de la séance" and shown["message"] == stored["message"]
    assert shown["level_label"] == "Avertissement"


def test_drug_and_device_gates_read_in_french_and_german_on_the_clinics_clock() -> None:
    import zoneinfo

    from django.utils import translation

    washout = {
        "code": "antiplatelet_washout",
        "level": "advice",
        "message": "Stop aspirin, nsaid by …",
        "params": {"drugs": ["aspirin", "nsaid"], "stop_by": "2027-02-27T09:00:00+00:00", "hours": 48},
    }
    device = {"code": "device_within_72h", "level": "blocked", "message": "A iontophoresis treatment …",
              "params": {"kind": "iontophoresis", "device_start": "2027-03-01T12:00:00+00:00",
                         "session_end": "2027-03-01T09:30:00+00:00", "hours": 72,
                         "care": "no_device_treatments_72h"}}  # fmt: skip
    with timezone.override(zoneinfo.ZoneInfo("Europe/Paris")):  # UTC+1 in winter
        with translation.override("fr"):
            stop, near = gate_shown(washout), gate_shown(device)
        with translation.override("de"):
            halt = gate_shown(washout)
    # Named inside a sentence: French with its articles, the last two joined by "and".
    assert stop["message"] == (
        "Arrêter l'aspirine et les anti-inflammatoires non stéroïdiens au plus tard le 27 février 2027 "
        "à 10:00, 48 heures avant la séance."
    )
    assert halt["message"] == (
        "Bitte Aspirin und nichtsteroidale Antirheumatika spätestens am 27. Februar 2027 um 10:00 Uhr "
        "absetzen, 48 Stunden vor der Sitzung."
    )
    assert near["title"] == "Traitement par appareil trop proche d'une séance de mésothérapie"
    assert near["message"].startswith(
        "Ionophorèse le 1 mars 2027 à 13:00 tomberait dans les 72 heures suivant la fin de la séance de "
        "mésothérapie du 1 mars 2027 à 10:30."
    )
    assert near["message"].endswith(kb("after_care", "no_device_treatments_72h", "fr"))


def test_moving_reports_in_french_and_a_refused_move_names_its_gate(
    client: Client, course: Course, alice: Any, start_day: datetime.date
) -> None:
    from mesodesk.scheduling.services import appointment_book

    with scope(clinic=course.clinic):
        book(course, alice, 1, at(start_day))
        device = appointment_book(
            patient=course.patient, clinician=alice, actor=alice, kind="iontophoresis",
            start=at(start_day + datetime.timedelta(days=5)), end=at(start_day + datetime.timedelta(days=5), 10, 20),
        )  # fmt: skip
    signed_in(client, alice)
    french = {"accept-language": "fr"}
    later = start_day + datetime.timedelta(days=6)
    moved = client.post(
        f"/calendar/appointments/{device.pk}/move/",
        {"day": later.isoformat(), "time": "14:00", "minutes": 30, "kind": "iontophoresis"},
        headers=french,
        follow=True,
    ).content.decode()
    day = f"{later.day} {MONTHS['fr'][later.month - 1]} {later.year}"
    assert f"Rendez-vous déplacé au {day} à 14:00." in moved
    refused = client.post(
        f"/calendar/appointments/{device.pk}/move/",
        {"day": (start_day + datetime.timedelta(days=1)).isoformat(), "time": "14:00", "minutes": 30,
         "kind": "iontophoresis"},
        headers=french,
        follow=True,
    ).content.decode()  # fmt: skip
    assert "Non déplacé : Traitement par appareil trop proche d&#x27;une séance de mésothérapie." in refused
    assert "device_within_72h" not in refused and "Blocked" not in refused


@pytest.mark.parametrize(
    ("language", "axis"),
    [("en", "Weeks from the first session"), ("fr", "Semaines depuis la première séance"),
     ("de", "Wochen seit der ersten Sitzung")],
)  # fmt: skip
def test_the_course_timeline_names_its_axis_and_dates_its_sessions_in_the_readers_language(
    client: Client, alice: Any, course: Course, language: str, axis: str
) -> None:
    signed_in(client, alice)
    html = client.get(f"/courses/{course.pk}/", headers={"accept-language": language}).content.decode()
    timeline = html[html.index('id="timeline"') : html.index("</svg>", html.index('id="timeline"'))]
    assert f'class="axis-name">{axis}</text>' in timeline
    assert re.search(r">[WwSs]\d+</text>", timeline) is None  # no "W0", "w4", "s8": plain week numbers
    assert 'text-anchor="middle">0</text>' in timeline
    with scope(clinic=course.clinic):
        first = course.sessions.order_by("number").first()
    assert first is not None
    assert first.due.isoformat() not in timeline
    assert f"{first.due.day}" in timeline and str(first.due.year) in timeline
