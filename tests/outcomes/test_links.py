"""The patient's questionnaire link: no sign-in, one use, limited time, their language."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mesodesk.courses.models import Course
from mesodesk.outcomes.links import outcome_link_create
from mesodesk.outcomes.models import OutcomeLink, OutcomeResponse
from mesodesk.outcomes.tasks import due_links, send_outcome_link
from tests.outcomes.conftest import course_begun


def _link(course: Course, actor: Any, language: str = "en", timepoint: str = "end") -> str:
    with scopes_disabled():
        patient = course.patient
        patient.preferred_language = language
        patient.save(update_fields=["preferred_language"])
    with scope(clinic=course.clinic):
        _, token = outcome_link_create(course=course, timepoint=timepoint, actor=actor)
    return f"/outcome/{token}/"


ANSWERS = {"gais_subject": "2", "network_satisfaction": "very_satisfied"}


def test_the_patient_answers_in_german_without_signing_in(
    client: Client, course_a: Course, alice: Any
) -> None:
    url = _link(course_a, alice, language="de")
    page = client.get(url).content.decode()
    assert "Sehr zufrieden" in page
    response = client.post(url, ANSWERS)
    assert response.status_code == 200
    assert "Vielen Dank" in response.content.decode()
    with scopes_disabled():
        saved = {r.instrument: (r.rater, r.category) for r in OutcomeResponse.objects.all()}
    assert saved == {
        "gais_subject": ("patient", "much_improved"),
        "network_satisfaction": ("patient", "very_satisfied"),
    }


def test_a_link_used_twice_is_refused(client: Client, course_a: Course, alice: Any) -> None:
    url = _link(course_a, alice)
    client.post(url, ANSWERS)
    second = client.post(url, ANSWERS)
    assert second.status_code == 410
    assert "already been used" in second.content.decode()
    with scopes_disabled():
        assert OutcomeResponse.objects.count() == 2


def test_an_expired_link_is_refused_with_a_clear_page_in_the_patient_language(
    client: Client, course_a: Course, alice: Any
) -> None:
    url = _link(course_a, alice, language="fr")
    with scopes_disabled():
        OutcomeLink.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(url)
    assert response.status_code == 410
    assert "expiré" in response.content.decode()


def test_an_unknown_token_finds_nothing(client: Client, db: None) -> None:
    assert client.get("/outcome/guessed-" + "x" * 32 + "/").status_code == 410


def test_a_missing_answer_is_named_and_spends_nothing(client: Client, course_a: Course, alice: Any) -> None:
    url = _link(course_a, alice)
    response = client.post(url, {"gais_subject": "2"})
    assert response.status_code == 422
    with scopes_disabled():
        assert OutcomeLink.objects.get().used_at is None
        assert OutcomeResponse.objects.count() == 0


def test_one_link_per_timepoint(course_a: Course, alice: Any) -> None:
    _link(course_a, alice)
    with scope(clinic=course_a.clinic), pytest.raises(ValidationError) as caught:
        outcome_link_create(course=course_a, timepoint="end", actor=alice)
    assert "timepoint" in caught.value.message_dict


def test_no_link_when_nothing_is_due_from_the_patient(course_a: Course, alice: Any) -> None:
    with scope(clinic=course_a.clinic), pytest.raises(ValidationError):
        outcome_link_create(course=course_a, timepoint="baseline", actor=alice)  # clinician-rated only


def test_the_daily_task_mails_a_due_link_once_in_the_patient_language(
    patient_a: Any, alice: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PUBLIC_URL = "https://clinic.example"
    with scopes_disabled():
        patient_a.email, patient_a.preferred_language = "claire@example.org", "de"
        patient_a.save(update_fields=["email", "preferred_language"])
    # Eight sessions, the last 100 days ago: "month_3" fell due a few days ago.
    course = course_begun(patient_a, alice, days_ago=300, indication="skin_rejuvenation",
                          protocol="skin_regeneration_8")  # fmt: skip
    with scopes_disabled():
        last = course.sessions.order_by("-number").first()
    assert last is not None
    today = last.due + datetime.timedelta(days=95)
    pairs = due_links(today)
    assert (course.pk, "month_3") in pairs
    send_outcome_link.call(course.pk, "month_3")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["claire@example.org"]
    assert "https://clinic.example/outcome/" in mail.outbox[0].body
    assert "Fragen" in mail.outbox[0].subject
    assert (course.pk, "month_3") not in due_links(today)


def test_the_daily_run_is_queued_once_and_queues_the_next(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management import call_command

    from mesodesk.outcomes.tasks import outcome_links_schedule

    assert outcome_links_schedule(first_in=datetime.timedelta(0))
    assert not outcome_links_schedule()  # one waits already: never two schedules
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert not outcome_links_schedule()  # the run queued the next day's


def _due_links_queries(today: datetime.date) -> tuple[int, list[tuple[int, str]]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        pairs = due_links(today)
    return len(captured.captured_queries), pairs


def test_the_daily_task_reads_in_as_many_queries_for_many_courses_as_for_one(
    patient_a: Any, patient_b: Any, alice: Any, charlie: Any
) -> None:
    from tests.conftest import make_patient

    first = course_begun(patient_a, alice, days_ago=300, indication="skin_rejuvenation",
                         protocol="skin_regeneration_8")  # fmt: skip
    with scopes_disabled():
        last = first.sessions.order_by("-number").first()
    assert last is not None
    today = last.due + datetime.timedelta(days=95)
    one, pairs = _due_links_queries(today)
    assert pairs == [(first.pk, "month_3")]
    # Four more courses, in both clinics: the same number of queries, every course found.
    others = [course_begun(patient_b, charlie, days_ago=300, indication="skin_rejuvenation",
                           protocol="skin_regeneration_8")]  # fmt: skip
    for name in ("Dupont", "Weber", "Rossi"):
        patient = make_patient(patient_a.clinic, family=name)
        others.append(course_begun(patient, alice, days_ago=300, indication="skin_rejuvenation",
                                   protocol="skin_regeneration_8"))  # fmt: skip
    five, pairs = _due_links_queries(today)
    assert sorted(pairs) == sorted((c.pk, "month_3") for c in [first, *others])
    assert five == one
