from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mesodesk.courses.models import CourseSession
from mesodesk.safety.followup import follow_up_link_create
from mesodesk.safety.models import AdverseEvent, FollowUpLink


def _link(session: CourseSession, actor: Any, language: str = "en") -> str:
    with scopes_disabled():
        patient = session.course.patient
        patient.preferred_language = language
        patient.save(update_fields=["preferred_language"])
    with scope(clinic=session.clinic):
        _, token = follow_up_link_create(session=session, actor=actor)
    return f"/follow-up/{token}/"


def _answers(session: CourseSession, **kw: str) -> dict[str, str]:
    return {"kind": "infection", "onset": (session.due + datetime.timedelta(days=3)).isoformat(), **kw}


def test_the_patient_reports_without_signing_in_and_a_clinician_is_asked_to_review(
    client: Client, session_a: CourseSession, alice: Any
) -> None:
    url = _link(session_a, alice)
    assert client.get(url).status_code == 200
    response = client.post(url, _answers(session_a, description="Red and warm", serious="on"))
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    with scope(clinic=session_a.clinic):
        event = AdverseEvent.objects.get()
    assert (event.reported_by_patient, event.serious, event.reviewed_at) == (True, True, None)


def test_the_link_works_once(client: Client, session_a: CourseSession, alice: Any) -> None:
    url = _link(session_a, alice)
    client.post(url, _answers(session_a))
    assert client.post(url, _answers(session_a)).status_code == 410
    with scope(clinic=session_a.clinic):
        assert AdverseEvent.objects.count() == 1


def test_an_expired_or_unknown_link_is_gone(client: Client, session_a: CourseSession, alice: Any) -> None:
    url = _link(session_a, alice)
    with scopes_disabled():
        FollowUpLink.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(url).status_code == 410
    assert client.get("/follow-up/not-a-real-token/").status_code == 410


def test_the_page_speaks_the_patients_language_whatever_the_browsers(
    client: Client, session_a: CourseSession, alice: Any
) -> None:
    url = _link(session_a, alice, language="fr")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Comment allez-vous après votre séance ?" in page
    assert "Ecchymoses aux points d’injection" in page  # the knowledge base's side effect, in French
    assert 'lang="fr"' in page


def test_german_for_a_german_patient(client: Client, session_a: CourseSession, alice: Any) -> None:
    page = client.get(_link(session_a, alice, language="de")).content.decode()
    assert "Wie geht es Ihnen nach Ihrer Sitzung?" in page


def test_an_onset_before_the_session_is_refused_naming_the_field_and_the_link_stays_open(
    client: Client, session_a: CourseSession, alice: Any
) -> None:
    url = _link(session_a, alice)
    early = (session_a.due - datetime.timedelta(days=1)).isoformat()
    response = client.post(url, _answers(session_a, onset=early))
    assert response.status_code == 422
    assert "cannot start before its session" in response.content.decode()
    assert client.get(url).status_code == 200


def test_another_clinic_cannot_make_a_link_for_this_session(
    client: Client, session_a: CourseSession, charlie: Any
) -> None:
    client.force_login(charlie)
    assert client.post(f"/safety/sessions/{session_a.pk}/follow-up-link/").status_code == 404
