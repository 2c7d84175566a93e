from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django_scopes import scope

from mesodesk.accounts.models import Clinic
from mesodesk.courses.models import CourseSession
from mesodesk.patients.models import Patient
from mesodesk.safety.models import AdverseEvent
from tests.conftest import make_patient, signed_in
from tests.safety.conftest import course_begun, first_session, report


def _form(session: CourseSession, **kw: str) -> dict[str, str]:
    onset = (session.due + datetime.timedelta(days=2)).isoformat()
    return {"kind": "infection", "onset": onset, "severity": "moderate", "outcome": "ongoing", **kw}


def test_a_clinician_reports_from_the_course_page(
    client: Client, session_a: CourseSession, alice: Any
) -> None:
    signed_in(client, alice)
    client.post(f"/courses/{session_a.course_id}/sessions/1/", {"s1-status": "done"})
    course_page = client.get(f"/courses/{session_a.course_id}/").content.decode()
    assert f"/safety/sessions/{session_a.pk}/report/" in course_page
    response = client.post(f"/safety/sessions/{session_a.pk}/report/", _form(session_a), follow=True)
    assert "Adverse event recorded." in response.content.decode()
    with scope(clinic=session_a.clinic):
        assert AdverseEvent.objects.get().kind == "infection"


def test_bad_input_names_the_field_and_records_nothing(
    client: Client, session_a: CourseSession, alice: Any
) -> None:
    signed_in(client, alice)
    response = client.post(f"/safety/sessions/{session_a.pk}/report/", _form(session_a, kind="other"))
    assert response.status_code == 422
    assert "Describe the event when its type is “other”." in response.content.decode()
    with scope(clinic=session_a.clinic):
        assert not AdverseEvent.objects.exists()


def test_the_report_page_in_french(client: Client, session_a: CourseSession, alice: Any) -> None:
    signed_in(client, alice)
    page = client.get(f"/safety/sessions/{session_a.pk}/report/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Signaler un événement indésirable" in page
    assert "Infection cutanée, y compris à mycobactéries atypiques" in page  # the type, by its label


def test_another_clinics_session_event_and_signal_are_404(
    client: Client, session_a: CourseSession, alice: Any, charlie: Any, clinic_a: Clinic
) -> None:
    event = report(session_a, alice)
    report(first_session(course_begun(make_patient(clinic_a, "Bernard", "Paul"), alice)), alice)
    with scope(clinic=clinic_a):
        signal = event.signals.get()
    signed_in(client, charlie)
    assert client.get(f"/safety/sessions/{session_a.pk}/report/").status_code == 404
    assert client.get(f"/safety/events/{event.pk}/").status_code == 404
    assert client.get(f"/safety/signals/{signal.pk}/").status_code == 404
    assert "Martin" not in client.get("/safety/").content.decode()


def test_the_alert_shows_on_the_dashboard_of_the_clinician_and_the_admin(
    client: Client, session_a: CourseSession, alice: Any, carol: Any, charlie: Any, clinic_a: Clinic
) -> None:
    report(session_a, alice)
    report(first_session(course_begun(make_patient(clinic_a, "Bernard", "Paul"), alice)), alice)
    for who in (alice, carol):
        page = signed_in(client, who).get("/").content.decode()
        assert "Safety signal" in page and "2 infections or serious adverse events sharing" in page
    assert "Safety signal" not in signed_in(client, charlie).get("/").content.decode()


def test_the_admin_sees_pseudonyms_not_names(
    client: Client, session_a: CourseSession, alice: Any, carol: Any, patient_a: Patient
) -> None:
    report(session_a, alice)
    page = signed_in(client, carol).get("/safety/").content.decode()
    assert patient_a.pseudonym in page
    assert "Martin" not in page.replace("MARTIN", "")  # nor in capitals
    assert "MARTIN" not in page


def test_the_analyst_sees_the_networks_signals_pseudonymized(
    client: Client, session_a: CourseSession, alice: Any, nina: Any, clinic_a: Clinic, patient_a: Patient
) -> None:
    report(session_a, alice)
    report(first_session(course_begun(make_patient(clinic_a, "Bernard", "Paul"), alice)), alice)
    page = signed_in(client, nina).get("/safety/network/").content.decode()
    assert patient_a.pseudonym in page and "Clinique A" in page
    for name in ("MARTIN", "Claire", "BERNARD", "Paul", "alice"):
        assert name not in page
    assert "/safety/network/" in client.get("/").content.decode()


def test_only_a_clinician_marks_a_patients_report_reviewed(
    client: Client, session_a: CourseSession, alice: Any, bob: Any
) -> None:
    event = report(session_a, None)
    assert signed_in(client, bob).post(f"/safety/events/{event.pk}/review/").status_code == 403
    signed_in(client, alice).post(f"/safety/events/{event.pk}/review/")
    with scope(clinic=session_a.clinic):
        assert AdverseEvent.objects.get().reviewed_by == "alice"
