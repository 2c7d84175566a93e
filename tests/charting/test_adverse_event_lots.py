"""An adverse event after a charted and signed session carries the lots of the chart's syringes,
not lots typed by hand, so the safety signal clusters by the lot truly injected."""

from __future__ import annotations

from typing import Any

import pytest
from django_scopes import scopes_disabled

from mesodesk.courses.models import CourseSession
from mesodesk.inventory.models import Product
from mesodesk.safety.models import SafetySignal
from tests.charting.conftest import make_lot
from tests.charting.fast_helpers import charted, old_lot
from tests.conftest import make_patient, signed_in
from tests.safety.conftest import course_begun, first_session, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_a(patient_a: Any, alice: Any) -> CourseSession:
    return first_session(course_begun(patient_a, alice))


def lots_of(event: Any) -> list[str]:
    with scopes_disabled():
        return [lot.number for lot in event.lots.all()]


def test_the_event_takes_the_lots_of_the_signed_chart(
    session_a: CourseSession, alice: Any, product_a: Product
) -> None:
    injected = old_lot(make_lot, product_a, alice, number="INJECTED-1")
    typed = old_lot(make_lot, product_a, alice, number="TYPED-BY-HAND")
    charted(session_a, alice, injected)

    event = report(session_a, alice, lots=[typed])

    assert lots_of(event) == ["INJECTED-1"]


def test_a_draft_chart_leaves_the_lots_as_given(
    session_a: CourseSession, alice: Any, product_a: Product
) -> None:
    injected = old_lot(make_lot, product_a, alice, number="INJECTED-1")
    typed = old_lot(make_lot, product_a, alice, number="TYPED-BY-HAND")
    charted(session_a, alice, injected, sign=False)

    event = report(session_a, alice, lots=[typed])

    assert lots_of(event) == ["TYPED-BY-HAND"]


def test_an_uncharted_session_keeps_the_lots_typed(
    session_a: CourseSession, alice: Any, product_a: Product
) -> None:
    typed = old_lot(make_lot, product_a, alice, number="TYPED-BY-HAND")

    event = report(session_a, alice, lots=[typed])

    assert lots_of(event) == ["TYPED-BY-HAND"]


def test_a_patients_own_report_carries_the_charts_lots(
    session_a: CourseSession, alice: Any, product_a: Product
) -> None:
    injected = old_lot(make_lot, product_a, alice, number="INJECTED-1")
    charted(session_a, alice, injected)

    event = report(session_a, None, kind="bruising")

    assert lots_of(event) == ["INJECTED-1"]


def test_two_infections_after_sessions_from_one_lot_raise_a_signal_by_that_lot(
    alice: Any, patient_a: Any, product_a: Product, clinic_a: Any
) -> None:
    other = make_patient(clinic_a, family="Durand", given="Paul")
    injected = old_lot(make_lot, product_a, alice, number="INJECTED-1")
    sessions = [first_session(course_begun(p, alice)) for p in (patient_a, other)]
    for hour, session in enumerate(sessions, start=9):  # one clinician: never two at once
        charted(session, alice, injected, hour=hour)

    for session in sessions:
        report(session, alice, kind="infection")

    with scopes_disabled():
        by_lot = SafetySignal.objects.filter(clinic=clinic_a, dimension="lot")
        assert list(by_lot.values_list("key", flat=True)) == [str(injected.pk)]


def test_the_signal_by_lot_links_to_that_lots_recall(
    client: Any, alice: Any, patient_a: Any, product_a: Product, clinic_a: Any
) -> None:
    injected = old_lot(make_lot, product_a, alice, number="INJECTED-1")
    for hour, patient in enumerate(
        (patient_a, make_patient(clinic_a, family="Durand", given="Paul")), start=9
    ):
        session = first_session(course_begun(patient, alice))
        charted(session, alice, injected, hour=hour)
        report(session, alice, kind="infection")
    with scopes_disabled():
        signals = {s.dimension: s.pk for s in SafetySignal.objects.filter(clinic=clinic_a)}
    signed_in(client, alice)

    by_lot = client.get(f"/safety/signals/{signals['lot']}/").content.decode()
    by_clinician = client.get(f"/safety/signals/{signals['clinician']}/").content.decode()

    assert f'href="/recall/lots/{injected.pk}/"' in by_lot
    assert "/recall/" not in by_clinician
