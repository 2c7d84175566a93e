from __future__ import annotations

from typing import Any

from django.core import mail
from django_scopes import scopes_disabled
from django_tasks_db.models import DBTaskResult

from mesodesk.accounts.models import Clinic
from mesodesk.patients.models import Patient
from mesodesk.safety.mail import send_signal_mail
from mesodesk.safety.models import SafetySignal
from tests.conftest import make_patient
from tests.safety.conftest import course_begun, first_session, report


def _signals() -> list[SafetySignal]:
    with scopes_disabled():
        return list(SafetySignal.objects.order_by("id"))


def _mails_queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="send_signal_mail").count()


def test_a_second_infection_by_the_same_clinician_raises_one_signal_and_queues_one_mail(
    patient_a: Patient, clinic_a: Clinic, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    other = make_patient(clinic_a, "Bernard", "Paul")
    with django_capture_on_commit_callbacks(execute=True):
        report(first_session(course_begun(patient_a, alice)), alice)
    assert _signals() == []
    with django_capture_on_commit_callbacks(execute=True):
        second = report(first_session(course_begun(other, alice)), alice)
    [signal] = _signals()
    assert (signal.dimension, signal.key) == ("clinician", str(alice.pk))
    with scopes_disabled():
        assert second in signal.events.all()
    assert _mails_queued() == 1


def test_a_third_infection_joins_the_signal_without_a_second_mail(
    patient_a: Patient, clinic_a: Clinic, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for n, patient in enumerate(
            [patient_a, make_patient(clinic_a, "B", "Paul"), make_patient(clinic_a, "C", "Ida")]
        ):
            report(first_session(course_begun(patient, alice, days_ago=20 + n)), alice)
    [signal] = _signals()
    with scopes_disabled():
        assert signal.events.count() == 3
    assert _mails_queued() == 1


def test_two_bruises_raise_nothing(patient_a: Patient, clinic_a: Clinic, alice: Any) -> None:
    report(first_session(course_begun(patient_a, alice)), alice, kind="bruising")
    report(first_session(course_begun(make_patient(clinic_a, "B", "Paul"), alice)), alice, kind="bruising")
    assert _signals() == []


def test_infections_in_two_clinics_are_not_one_cluster(
    patient_a: Patient, patient_b: Patient, alice: Any, charlie: Any
) -> None:
    report(first_session(course_begun(patient_a, alice)), alice)
    report(first_session(course_begun(patient_b, charlie)), charlie)
    assert _signals() == []


def test_the_mail_goes_to_the_clinics_admins_once_naming_no_patient(
    patient_a: Patient, clinic_a: Clinic, alice: Any, carol: Any
) -> None:
    carol.email = "carol@clinic-a.example"
    carol.save()
    report(first_session(course_begun(patient_a, alice)), alice)
    report(first_session(course_begun(make_patient(clinic_a, "Bernard", "Paul"), alice)), alice)
    [signal] = _signals()
    assert send_signal_mail.call(signal.pk) == "sent"
    assert send_signal_mail.call(signal.pk) == "already sent"
    [sent] = mail.outbox
    assert sent.to == ["carol@clinic-a.example"]
    assert "the same clinician" in sent.body
    assert "Martin" not in sent.body and "Bernard" not in sent.body
