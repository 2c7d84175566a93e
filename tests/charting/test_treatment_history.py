"""The patient's treatment history: the signed sessions with a small map of each view charted,
and the volume per product and region over all of them; the patient page and the history cost
the same number of queries for 2 or 1,000 charted sessions; another clinic finds none of it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from mesodesk.charting.models import InjectionPoint, RecordStatus, SessionRecord
from mesodesk.inventory.models import Product
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Appointment
from tests.charting.conftest import make_lot
from tests.charting.fast_helpers import old_lot, signed_session
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def history_of(client: Client, patient: Patient, htmx: bool = True) -> str:
    headers = {"HX-Request": "true"} if htmx else {}
    answer = client.get(f"/charting/patients/{patient.pseudonym}/history/", headers=headers)
    assert answer.status_code == 200
    return answer.content.decode()


def charted_sessions(patient: Patient, clinician: Any, count: int, days_before: int = 400) -> None:
    """`count` signed sessions of one papule each, written in bulk (the services' path is tested
    elsewhere): appointments, drafts, their points, then the drafts signed."""
    first = timezone.now() - datetime.timedelta(days=days_before)
    with scopes_disabled():
        appointments = Appointment.objects.bulk_create(
            Appointment(
                clinic=patient.clinic,
                patient=patient,
                clinician=clinician,
                kind="mesotherapy",
                start=first + datetime.timedelta(hours=i),
                end=first + datetime.timedelta(hours=i, minutes=30),
                created_by="test",
                started_at=first + datetime.timedelta(hours=i),
                started_by="alice",
            )  # fmt: skip
            for i in range(count)
        )
        records = SessionRecord.objects.bulk_create(
            SessionRecord(clinic=patient.clinic, appointment=a, patient=patient, clinician=clinician)
            for a in appointments
        )
        InjectionPoint.objects.bulk_create(
            InjectionPoint(
                clinic=patient.clinic,
                record=r,
                view="scalp_top",
                region="vertex",
                x=50,
                y=50,
                technique="point_by_point",
                depth_mm=Decimal(2),
                needle_length_mm=Decimal(4),
                volume_ml=Decimal("0.05"),
            )  # fmt: skip
            for r in records
        )
        SessionRecord.objects.filter(pk__in=[r.pk for r in records]).update(
            status=RecordStatus.SIGNED, signed_at=timezone.now(), signed_by=clinician
        )


def queries(client: Client, path: str, **headers: str) -> int:
    client.get(path, headers=headers)  # the first request of a session also writes its idle clock
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, headers=headers).status_code == 200
    return len(captured)


def test_the_history_lists_each_signed_session_with_its_maps(
    client: Client, alice: Any, patient_a: Patient, product_a: Product
) -> None:
    lot = old_lot(make_lot, product_a, alice)
    first = signed_session(patient_a, alice, lot, days_ago=30)
    second = signed_session(patient_a, alice, lot, days_ago=10)
    signed_in(client, alice)

    page = history_of(client, patient_a)

    assert page.index(f"/charting/records/{second.pk}/") < page.index(f"/charting/records/{first.pk}/")
    assert page.count('class="map-print"') == 4  # face and scalp, twice


def test_the_history_adds_up_the_volume_per_product_and_region(
    client: Client, alice: Any, patient_a: Patient, product_a: Product
) -> None:
    lot = old_lot(make_lot, product_a, alice)
    for days_ago in (30, 10):
        signed_session(patient_a, alice, lot, days_ago=days_ago)
    signed_in(client, alice)

    page = history_of(client, patient_a)

    # Two papules of 0.05 ml from syringe A (MesoLift) on the forehead; two nappage areas of
    # 0.5 ml charted without a syringe on the vertex.
    assert "<td>MesoLift 5 ml</td><td>Face, front · Forehead</td><td>0.100</td>" in page
    assert "<td>No syringe recorded</td><td>Scalp, from above · Vertex</td><td>1.000</td>" in page


def test_a_patient_never_charted_has_an_empty_history(client: Client, alice: Any, patient_a: Patient) -> None:
    signed_in(client, alice)

    assert "No signed session yet." in history_of(client, patient_a)


def test_the_patient_page_loads_the_history_apart(client: Client, alice: Any, patient_a: Patient) -> None:
    signed_in(client, alice)

    page = client.get(f"/patients/{patient_a.pseudonym}/").content.decode()

    assert f'hx-get="/charting/patients/{patient_a.pseudonym}/history/"' in page


def test_another_clinics_patient_has_no_history_here(
    client: Client, charlie: Any, patient_a: Patient
) -> None:
    signed_in(client, charlie)

    answer = client.get(f"/charting/patients/{patient_a.pseudonym}/history/")

    assert answer.status_code == 404


def test_the_patient_page_and_its_history_cost_the_same_for_2_or_1000_sessions(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    signed_in(client, alice)
    patient_page = f"/patients/{patient_a.pseudonym}/"
    history = f"/charting/patients/{patient_a.pseudonym}/history/"
    charted_sessions(patient_a, alice, 2, days_before=2000)
    few = (queries(client, patient_page), queries(client, history, HX_Request="true"))

    charted_sessions(patient_a, alice, 998)
    many = (queries(client, patient_page), queries(client, history, HX_Request="true"))

    # The history: session, user, membership (scope and navigation), the patient and its
    # audit line, the page's count and records, their points, areas and sites, and the totals
    # (points, areas, sites and the syringes' lots summed in the database).
    assert few == many
    assert many[1] <= 24
