"""The record's pages: a clinician charts and signs; a signed record refuses edits; an assistant
reads; clinic B's clinician finds nothing of clinic A's."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_scopes import scope, scopes_disabled

from mesodesk.charting.models import InjectionPoint, SessionRecord
from mesodesk.charting.services import record_sign
from mesodesk.inventory.models import Lot
from mesodesk.scheduling.models import Appointment
from tests.charting.conftest import PASSWORD, on_hand, ready_to_sign
from tests.conftest import signed_in

POINT = {
    "point-view": "face_front", "point-x": "50", "point-y": "15", "point-technique": "papule",
    "point-depth_mm": "1.5", "point-needle_gauge": "30", "point-needle_length_mm": "4", "point-volume_ml": "0.05",
}  # fmt: skip


def points(record: SessionRecord) -> int:
    with scopes_disabled():
        return InjectionPoint.objects.filter(record=record).count()


def test_a_clinician_opens_the_record_from_the_appointment(
    client: Client, alice: Any, appointment_a: Appointment
) -> None:
    signed_in(client, alice)

    answer = client.post(f"/charting/appointments/{appointment_a.pk}/")

    with scopes_disabled():
        record = SessionRecord.objects.get(appointment=appointment_a)
    assert answer.status_code == 302
    assert answer["Location"] == f"/charting/records/{record.pk}/"


def test_an_assistant_cannot_open_a_record(client: Client, bob: Any, appointment_a: Appointment) -> None:
    signed_in(client, bob)

    client.post(f"/charting/appointments/{appointment_a.pk}/")

    with scopes_disabled():
        assert not SessionRecord.objects.filter(appointment=appointment_a).exists()


def test_the_record_page_shows_the_face_map_and_its_regions(
    client: Client, alice: Any, record_a: SessionRecord
) -> None:
    signed_in(client, alice)

    page = client.get(f"/charting/records/{record_a.pk}/").content.decode()

    assert "bodymap-svg" in page
    assert "Forehead" in page


def test_a_point_added_by_the_form_is_charted(client: Client, alice: Any, record_a: SessionRecord) -> None:
    signed_in(client, alice)

    answer = client.post(f"/charting/records/{record_a.pk}/points/", POINT)

    assert answer.status_code == 302
    assert points(record_a) == 1


def test_a_point_off_the_map_is_refused_naming_the_field(
    client: Client, alice: Any, record_a: SessionRecord
) -> None:
    signed_in(client, alice)

    answer = client.post(
        f"/charting/records/{record_a.pk}/points/", {**POINT, "point-x": "1", "point-y": "1"}
    )

    assert answer.status_code == 422
    assert "Place it on a region of the map." in answer.content.decode()
    assert points(record_a) == 0


def test_a_too_deep_point_shows_its_error_in_the_chart_check(
    client: Client, alice: Any, record_a: SessionRecord
) -> None:
    signed_in(client, alice)
    client.post(f"/charting/records/{record_a.pk}/points/", {**POINT, "point-depth_mm": "3.5"})

    page = client.get(f"/charting/records/{record_a.pk}/").content.decode()

    assert "Depth outside the technique" in page
    assert "Blocks signing" in page


def test_signing_by_the_page_draws_the_stock(
    client: Client, alice: Any, record_a: SessionRecord, lot_a: Lot
) -> None:
    ready_to_sign(record_a, alice, lot_a)
    signed_in(client, alice)

    answer = client.post(f"/charting/records/{record_a.pk}/sign/", {"sign-password": PASSWORD})

    assert answer.status_code == 302
    assert on_hand(lot_a) == 19


def test_a_signed_record_refuses_a_point_by_the_page(
    client: Client, alice: Any, record_a: SessionRecord, lot_a: Lot
) -> None:
    ready_to_sign(record_a, alice, lot_a)
    with scope(clinic=record_a.clinic):
        record_sign(record=record_a, by=alice, password=PASSWORD)
    signed_in(client, alice)

    answer = client.post(
        f"/charting/records/{record_a.pk}/points/", {**POINT, "point-x": "30", "point-y": "20"}
    )

    assert answer.status_code == 409
    assert points(record_a) == 1


def test_a_signed_record_takes_an_amendment(
    client: Client, alice: Any, record_a: SessionRecord, lot_a: Lot
) -> None:
    ready_to_sign(record_a, alice, lot_a)
    with scope(clinic=record_a.clinic):
        record_sign(record=record_a, by=alice, password=PASSWORD)
    signed_in(client, alice)

    client.post(
        f"/charting/records/{record_a.pk}/amend/", {"amend-reason": "Typo", "amend-change": "Pain was 3"}
    )

    page = client.get(f"/charting/records/{record_a.pk}/").content.decode()
    assert "Pain was 3" in page


def test_an_assistant_reads_the_record(client: Client, bob: Any, record_a: SessionRecord) -> None:
    signed_in(client, bob)

    assert client.get(f"/charting/records/{record_a.pk}/").status_code == 200


def test_the_clinic_admin_cannot_open_a_record(client: Client, carol: Any, record_a: SessionRecord) -> None:
    signed_in(client, carol)

    assert client.get(f"/charting/records/{record_a.pk}/").status_code == 403


def test_another_clinics_record_is_not_found(client: Client, charlie: Any, record_a: SessionRecord) -> None:
    signed_in(client, charlie)

    assert client.get(f"/charting/records/{record_a.pk}/").status_code == 404
    assert client.post(f"/charting/records/{record_a.pk}/points/", POINT).status_code == 404
    assert points(record_a) == 0


def test_another_clinics_appointment_is_not_found(
    client: Client, charlie: Any, appointment_a: Appointment
) -> None:
    signed_in(client, charlie)

    assert client.post(f"/charting/appointments/{appointment_a.pk}/").status_code == 404


def test_an_assistant_is_offered_no_button_to_open_a_record(
    client: Client, bob: Any, appointment_a: Appointment
) -> None:
    signed_in(client, bob)

    page = client.get(f"/charting/appointments/{appointment_a.pk}/").content.decode()

    assert "Open the session record" not in page
    assert "The clinician opens the session record" in page


def test_the_syringe_form_writes_a_lots_expiry_as_the_readers_language_writes_dates(
    client: Client, alice: Any, record_a: SessionRecord, lot_a: Lot
) -> None:
    """The lot picker reads "… · 1. Januar 2030 · …" in German, "1 janvier 2030" in French,
    never the ISO date 2030-01-01."""
    with scopes_disabled():
        Lot.objects.filter(pk=lot_a.pk).update(expires="2030-01-01")
    signed_in(client, alice)
    german = client.get(f"/charting/records/{record_a.pk}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    french = client.get(f"/charting/records/{record_a.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f"{lot_a.number} · 1. Januar 2030 ·" in german and "2030-01-01" not in german
    assert f"{lot_a.number} · 1 janvier 2030 ·" in french and "2030-01-01" not in french


def test_an_expired_lots_finding_writes_its_date_as_the_readers_language_does(
    client: Client, alice: Any, record_a: SessionRecord, lot_a: Lot
) -> None:
    with scopes_disabled():
        Lot.objects.filter(pk=lot_a.pk).update(expires="2026-01-10")
    ready_to_sign(record_a, alice, lot_a)
    signed_in(client, alice)
    french = client.get(f"/charting/records/{record_a.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f"{lot_a.number}" in french and "10 janvier 2026" in french
    assert "2026-01-10" not in french
