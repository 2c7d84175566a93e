"""The registry reads each table in one query, whatever the network's size: adding a
clinic's worth of patients adds no query (no query per patient, course or session)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic, Network, Role
from mesodesk.registry.services import registry_report_for_network
from tests.conftest import make_member
from tests.registry.conftest import REPORT_YEAR, Generated, populate

pytestmark = pytest.mark.django_db


def _queries(network: Network) -> int:
    with CaptureQueriesContext(connection) as queries:
        registry_report_for_network(network_id=network.pk, year=REPORT_YEAR)
    return len(queries)


def test_a_bigger_network_costs_no_more_queries(
    registry_network: Generated, network: Network, django_user_model: Any
) -> None:
    before = _queries(network)
    with scopes_disabled():
        clinic = Clinic.objects.create(network=network, name="Clinique D", slug="d")
        populate(clinic, make_member(django_user_model, "dora", clinic, Role.CLINICIAN), Generated(), 700)
    # The network's clinics, then patients, courses, sessions, answers and adverse events.
    assert _queries(network) == before <= 6
