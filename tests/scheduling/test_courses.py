from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.models import AuditEvent
from mesodesk.courses.models import ClinicProtocol, Course, PriceList
from mesodesk.courses.selectors import course_cost
from mesodesk.courses.services import course_create
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.models import Patient
from tests.conftest import signed_in
from tests.scheduling.conftest import history_taken

pytestmark = pytest.mark.django_db


def test_a_course_gets_its_sessions_and_windows_from_the_plan(
    course: Course, start_day: datetime.date
) -> None:
    with scope(clinic=course.clinic):
        sessions = list(course.sessions.all())
    assert [s.number for s in sessions] == list(range(1, 9))
    assert sessions[0].due == sessions[0].earliest == sessions[0].latest == start_day
    assert sessions[1].earliest == start_day + datetime.timedelta(days=7) and sessions[
        1
    ].latest == start_day + datetime.timedelta(days=14)
    assert (
        course.protocol_sources == ["003_2731458d19abe466"]
        and course.screening.result["verdict"] == "eligible"
    )
    assert AuditEvent.objects.filter(object_type="course", object_id=str(course.pk)).exists()


def test_a_course_is_refused_while_screening_blocks_it(patient_a: Patient, alice: Any) -> None:
    with scope(clinic=patient_a.clinic):
        history_update(
            patient=patient_a,
            answers=HistoryAnswers(conditions=frozenset({"epilepsy"})),
            actor=alice,
        )
        with pytest.raises(ValidationError) as error:
            course_create(
                patient=patient_a,
                indication="hair_loss",
                protocol_code="hair_loss_8",
                formulation="",
                clinician=alice,
                start=datetime.date(2027, 1, 4),
                actor=alice,
            )
        assert "indication" in error.value.message_dict
        assert not Course.objects.exists()


def test_a_protocol_for_another_indication_is_refused(patient_a: Patient, alice: Any) -> None:
    with scope(clinic=patient_a.clinic), pytest.raises(ValidationError) as error:
        course_create(
            patient=patient_a,
            indication="wrinkles",
            protocol_code="hair_loss_8",
            formulation="",
            clinician=alice,
            start=datetime.date(2027, 1, 4),
            actor=alice,
        )
    assert "protocol" in error.value.message_dict


def test_a_clinics_own_protocol_plans_with_its_note_as_source(patient_a: Patient, alice: Any) -> None:
    history_taken(patient_a, alice)
    ClinicProtocol.objects.create(
        clinic=patient_a.clinic, code="scars_6", name="Scars, 6 sessions", indications=["scars"], sessions=6,
        phases=[{"first": 2, "last": 6, "min_days": 14, "max_days": 21}], source_note="Dr Roux's 2024 audit",
    )  # fmt: skip
    with scope(clinic=patient_a.clinic):
        course = course_create(
            patient=patient_a,
            indication="scars",
            protocol_code="scars_6",
            formulation="",
            clinician=alice,
            start=datetime.date(2027, 1, 4),
            actor=alice,
        )
        assert course.sessions.count() == 6 and course.protocol_sources == ["clinic: Dr Roux's 2024 audit"]


def test_the_cost_estimate_uses_packages_when_cheaper(course: Course) -> None:
    assert course_cost(course) is None
    PriceList.objects.create(
        clinic=course.clinic, per_session=Decimal("90"), package_sessions=4, package_price=Decimal("320")
    )
    with scope(clinic=course.clinic):
        assert course_cost(course) == {
            "sessions": 8,
            "currency": "EUR",
            "total": Decimal("640.00"),
            "packages": 2,
            "per_session": Decimal("90.00"),
        }


def test_the_course_page_shows_the_timeline_and_the_cost(client: Client, alice: Any, course: Course) -> None:
    signed_in(client, alice)
    html = client.get(f"/courses/{course.pk}/").content.decode()
    assert "<svg" in html and "Session 8" in html and "Cost estimate" in html and "250–350 USD" in html


def test_recording_bruising_and_the_last_session_done(client: Client, alice: Any, course: Course) -> None:
    signed_in(client, alice)
    response = client.post(
        f"/courses/{course.pk}/sessions/1/", {"s1-status": "done", "s1-bruising": "on"}, follow=True
    )
    assert (
        "Session 1 recorded." in response.content.decode()
        and "bruising not resolved" in response.content.decode()
    )
    bad = client.post(
        f"/courses/{course.pk}/sessions/2/",
        {"s2-status": "done", "s2-bruising_resolved_on": "2027-01-01"},
        follow=True,
    )
    assert "Record bruising before the date it resolved." in bad.content.decode()


def test_starting_a_course_from_the_page(client: Client, alice: Any, patient_a: Patient) -> None:
    history_taken(patient_a, alice)
    signed_in(client, alice)
    response = client.post(
        f"/courses/new/{patient_a.pseudonym}/",
        {"indication": "cellulite", "protocol": "cellulite_10", "formulation": "", "start": "2027-01-04"},
    )
    assert response.status_code == 302
    with scope(clinic=patient_a.clinic):
        assert Course.objects.get().sessions.count() == 10
    refused = client.post(
        f"/courses/new/{patient_a.pseudonym}/",
        {"indication": "cellulite", "protocol": "hair_loss_8", "start": "2027-01-04"},
        headers={"accept-language": "en"},
    )
    # The indication by its label, not its code.
    assert refused.status_code == 422 and "This protocol is not for Cellulite." in refused.content.decode()


@pytest.mark.parametrize("path", ["/courses/{c}/", "/calendar/book/?session={s}"])
def test_another_clinics_course_is_not_found(client: Client, charlie: Any, course: Course, path: str) -> None:
    signed_in(client, charlie)
    with scope(clinic=course.clinic):
        session = course.sessions.first()
    assert session is not None
    response = client.get(path.format(c=course.pk, s=session.pk))
    assert response.status_code == 404 and b"Martin" not in response.content


def test_a_clinic_defines_its_own_protocol_in_the_ui_and_it_can_be_chosen(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    signed_in(client, alice)
    form = {"code": "scars_6", "name": "Scars, 6 sessions", "indications": ["scars"], "sessions": 6,
            "phases": "2-3: 14-21 days\n4-6: 1 month ± 7 days", "source_note": "Dr Roux's 2024 audit"}  # fmt: skip
    assert client.post("/courses/protocols/", form).status_code == 302
    with scopes_disabled():
        protocol = ClinicProtocol.objects.get(code="scars_6")
    assert protocol.phases == [
        {"first": 2, "last": 3, "min_days": 14, "max_days": 21},
        {"first": 4, "last": 6, "months": 1, "slack_days": 7},
    ]
    assert "Dr Roux" in client.get(f"/courses/new/{patient_a.pseudonym}/").content.decode()
    bad = client.post("/courses/protocols/", {**form, "code": "scars_7", "phases": "2-4: 7-14 days"})
    assert bad.status_code == 422 and "phases must cover sessions 2 to 6" in bad.content.decode()
    assert client.post("/courses/protocols/", {**form, "code": "hair_loss_8"}).status_code == 422


def test_a_clinic_admin_sets_prices_beside_the_reference_figures(
    client: Client, carol: Any, alice: Any
) -> None:
    signed_in(client, carol)
    page = client.get("/courses/prices/").content.decode()
    assert "250–350 USD" in page and "10–15" in page
    response = client.post(
        "/courses/prices/",
        {"currency": "EUR", "per_session": "85", "package_sessions": "4", "package_price": "300"},
    )
    assert response.status_code == 302 and PriceList.objects.get().per_session == Decimal("85.00")
    half = client.post("/courses/prices/", {"currency": "EUR", "per_session": "85", "package_sessions": "4"})
    assert half.status_code == 422
    assert PriceList.objects.get().package_price == Decimal("300.00")
    signed_in(client, alice)
    assert client.get("/courses/prices/").status_code == 403


def test_the_calendar_has_a_day_view(client: Client, alice: Any, course: Course) -> None:
    from mesodesk.scheduling.services import appointment_book
    from tests.scheduling.conftest import at

    with scope(clinic=course.clinic):
        first = course.sessions.get(number=1)
        appointment_book(
            patient=course.patient,
            clinician=alice,
            start=at(first.due),
            end=at(first.due, 10, 30),
            actor=alice,
            course_session=first,
        )
    signed_in(client, alice)
    html = client.get("/calendar/", {"view": "day", "day": first.due.isoformat()}).content.decode()
    assert course.patient.pseudonym in html and "Next day" in html
    other_day = client.get(
        "/calendar/", {"view": "day", "day": (first.due + datetime.timedelta(days=1)).isoformat()}
    ).content.decode()
    assert course.patient.pseudonym not in other_day


@pytest.mark.parametrize("language", ["fr", "de"])
def test_a_negative_price_is_refused_beside_its_field_in_the_readers_language(
    client: Client, carol: Any, clinic_a: Any, language: str
) -> None:
    signed_in(client, carol)
    refused = client.post(
        "/courses/prices/", {"currency": "EUR", "per_session": "-5"}, HTTP_ACCEPT_LANGUAGE=language
    )
    html = refused.content.decode()
    assert refused.status_code == 422
    assert "price_per_session_not_negative" not in html
    assert ("supérieure ou égale à 0" if language == "fr" else "größer oder gleich 0") in html
