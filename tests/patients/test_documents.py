"""Handouts, quotes and course summaries from the patient page: printed or e-mailed in the
patient's language, each copy kept and listed with its version, audited; another clinic's
patient or course is a 404 and an administrator opens none of them."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from mesodesk.accounts.models import AuditEvent
from mesodesk.courses.models import Course, PriceList
from mesodesk.patients.models import Patient, PatientDocument
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def handout_form(**overrides: str) -> dict[str, str]:
    form = {
        "kind": "after_care",
        "indication": "cellulite",
        "technique": "point_by_point",
        "session_at": "2026-11-24T14:30",
        "paper": "A4",
        "output": "pdf",
    }
    return {**form, **overrides}


def text_of(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def speaks(patient: Patient, language: str, email: str = "") -> None:
    with scopes_disabled():
        Patient.objects.filter(pk=patient.pk).update(preferred_language=language, email=email)


def documents_of(patient: Patient) -> list[PatientDocument]:
    with scopes_disabled():
        return list(PatientDocument.objects.filter(patient=patient))


def test_a_german_after_care_handout_is_printed_kept_listed_and_audited(
    client: Client, bob: Any, patient_a: Patient
) -> None:
    speaks(patient_a, "de")
    response = signed_in(client, bob).post(
        f"/patients/{patient_a.pseudonym}/documents/handout/", handout_form()
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "MARTIN Claire" in text
    assert "Mittwoch, 25. November 2026, 02:30" in text, "the shower limit's end, on the clinic's clock"
    assert "12 Stunden" in text and "72 Stunden" in text
    [document] = documents_of(patient_a)
    assert (document.kind, document.language, document.channel, document.version) == (
        "after_care",
        "de",
        "printed",
        "1",
    )
    with scopes_disabled():
        assert AuditEvent.objects.filter(
            patient_id=patient_a.pk, action="export", object_type="patient_document"
        ).exists()
    page = client.get(f"/patients/{patient_a.pseudonym}/").content.decode()
    assert "After-care handout" in page and "version 1, German" in page


def test_the_kept_copy_is_the_pdf_the_patient_received(client: Client, bob: Any, patient_a: Patient) -> None:
    signed_in(client, bob)
    given = client.post(f"/patients/{patient_a.pseudonym}/documents/handout/", handout_form(kind="pre_care"))
    [document] = documents_of(patient_a)
    again = client.get(f"/patients/{patient_a.pseudonym}/documents/{document.pk}.pdf")
    assert again.status_code == 200 and again.content == given.content


def test_the_handout_to_print_is_a_page_in_the_patients_language(
    client: Client, bob: Any, patient_a: Patient
) -> None:
    speaks(patient_a, "fr")
    response = signed_in(client, bob).post(
        f"/patients/{patient_a.pseudonym}/documents/handout/", handout_form(output="html")
    )
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="fr">' in html
    assert "Ni bain ni douche pendant les 12 heures" in html and "Clinique A" in html
    # The browser applies the page's style only if the Content-Security-Policy names its nonce.
    nonce = re.search(r'<style nonce="([^"]+)">', html)
    assert nonce and f"'nonce-{nonce.group(1)}'" in response["Content-Security-Policy"]
    assert "onclick" not in html and "mesodesk/print.js" in html


def test_a_bad_session_time_is_refused_naming_the_field_and_nothing_is_kept(
    client: Client, bob: Any, patient_a: Patient
) -> None:
    response = signed_in(client, bob).post(
        f"/patients/{patient_a.pseudonym}/documents/handout/",
        handout_form(session_at="tomorrow"),
        follow=True,
    )
    assert "Session (date and time)" in response.content.decode()
    assert documents_of(patient_a) == []


def test_an_e_mailed_handout_is_sent_by_the_worker_with_the_pdf(
    client: Client,
    bob: Any,
    patient_a: Patient,
    mailoutbox: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    speaks(patient_a, "fr", email="claire@example.org")
    # The task is queued once the copy is committed: the test's transaction never commits.
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = signed_in(client, bob).post(
            f"/patients/{patient_a.pseudonym}/documents/handout/", handout_form(output="email")
        )
    assert response.status_code == 302 and len(queued) == 1
    assert mailoutbox == [], "nothing is sent before the worker runs"
    # The worker runs the queued task (its stale-connection check would close the test's own).
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    [message] = mailoutbox
    assert message.to == ["claire@example.org"] and "Fiche après la séance" in message.subject
    [(filename, pdf, content_type)] = message.attachments
    assert content_type == "application/pdf" and "12 heures" in text_of(pdf)
    [document] = documents_of(patient_a)
    assert document.channel == "emailed" and document.sent_at is not None


def test_e_mail_without_an_address_is_refused_and_nothing_is_kept(
    client: Client, bob: Any, patient_a: Patient
) -> None:
    response = signed_in(client, bob).post(
        f"/patients/{patient_a.pseudonym}/documents/handout/", handout_form(output="email"), follow=True
    )
    assert "no e-mail address" in response.content.decode()
    assert documents_of(patient_a) == []


def test_another_clinics_patient_is_a_404(client: Client, charlie: Any, patient_a: Patient) -> None:
    signed_in(client, charlie)
    assert (
        client.post(f"/patients/{patient_a.pseudonym}/documents/handout/", handout_form()).status_code == 404
    )
    assert documents_of(patient_a) == []


def test_another_clinics_copy_is_a_404(client: Client, bob: Any, charlie: Any, patient_a: Patient) -> None:
    signed_in(client, bob).post(f"/patients/{patient_a.pseudonym}/documents/handout/", handout_form())
    [document] = documents_of(patient_a)
    signed_in(client, charlie)
    assert client.get(f"/patients/{patient_a.pseudonym}/documents/{document.pk}.pdf").status_code == 404


@pytest.mark.parametrize("role", ["carol", "nina"])
def test_the_administrator_and_the_analyst_open_no_patient_document(
    client: Client, bob: Any, patient_a: Patient, course: Course, role: str, request: pytest.FixtureRequest
) -> None:
    signed_in(client, bob).post(f"/patients/{patient_a.pseudonym}/documents/handout/", handout_form())
    [document] = documents_of(patient_a)
    signed_in(client, request.getfixturevalue(role))
    assert (
        client.post(f"/patients/{patient_a.pseudonym}/documents/handout/", handout_form()).status_code == 403
    )
    assert client.get(f"/patients/{patient_a.pseudonym}/documents/{document.pk}.pdf").status_code == 403
    assert (
        client.post(
            f"/courses/{course.pk}/document/", {"kind": "quote", "paper": "A4", "output": "pdf"}
        ).status_code
        == 403
    )


def test_a_course_quote_states_the_clinics_prices_and_its_sessions(
    client: Client, bob: Any, course: Course
) -> None:
    PriceList.objects.create(
        clinic=course.clinic,
        per_session=Decimal("90.00"),
        package_sessions=4,
        package_price=Decimal("320.00"),
    )
    response = signed_in(client, bob).post(
        f"/courses/{course.pk}/document/", {"kind": "quote", "paper": "letter", "output": "pdf"}
    )
    assert response.status_code == 200
    text = text_of(response.content)
    with scope(clinic=course.clinic):
        first = course.sessions.get(number=1).due
    assert "Quote" in text and "MARTIN Claire" in text
    assert f"{first:%A} {first.day} {first:%B %Y}" in text
    assert "640.00 EUR" in text, "8 sessions: two packages of 4"
    with scopes_disabled():
        [document] = PatientDocument.objects.filter(patient_id=course.patient_id)
    assert (document.kind, document.paper, document.detail["course"]) == ("quote", "letter", course.pk)


def test_a_course_summary_says_what_was_done(client: Client, bob: Any, course: Course) -> None:
    with scope(clinic=course.clinic):
        course.sessions.filter(number=1).update(status="done")
    response = signed_in(client, bob).post(
        f"/courses/{course.pk}/document/", {"kind": "course_summary", "paper": "A4", "output": "pdf"}
    )
    text = text_of(response.content)
    assert "1 session of 8 done." in text and "Done" in text


def test_another_clinics_course_is_a_404(client: Client, charlie: Any, course: Course) -> None:
    signed_in(client, charlie)
    response = client.post(
        f"/courses/{course.pk}/document/", {"kind": "quote", "paper": "A4", "output": "pdf"}
    )
    assert response.status_code == 404
    with scopes_disabled():
        assert not PatientDocument.objects.exists()


def test_session_time_defaults_to_now_on_the_clinics_clock(
    client: Client, bob: Any, patient_a: Patient
) -> None:
    page = signed_in(client, bob).get(f"/patients/{patient_a.pseudonym}/").content.decode()
    today = timezone.localdate().isoformat()
    assert re.search(rf'type="datetime-local" name="session_at" value="{today}T\d\d:\d\d"', page)
