"""Who opens the registry: a network analyst, for their own network only. Nobody else (a
clinician, an assistant, a clinic's administrator) opens it, and an analyst opens no
patient record, on any page or API operation that names one."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django_scopes import scopes_disabled

from mesodesk.accounts.models import AuditEvent, Clinic, Network, Role
from mesodesk.api.urls import api
from tests.conftest import signed_in
from tests.registry.conftest import FEW, HAIR, REPORT_YEAR, SKIN, Generated
from tests.security.planted import filled, page_routes, plant

pytestmark = pytest.mark.django_db

REGISTRY_URLS = (
    "/registry/",
    "/registry/report.csv",
    "/registry/report.pdf",
    "/api/v1/registry/report",
    "/api/v1/registry/export?format=csv",
)
# What a patient's record is reached through: its pages, and any route naming it or its parts.
RECORD_PARTS = ("pseudonym", "patient", "course_id", "record_id", "consent_id", "document_id", "allergy_id")


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.ASSISTANT, Role.CLINIC_ADMIN])
def test_other_roles_cannot_open_the_registry(
    client: Client, registry_network: Generated, clinic_a: Clinic, django_user_model: Any, role: str
) -> None:
    from tests.conftest import make_member

    signed_in(client, make_member(django_user_model, f"someone-{role}", clinic_a, role))
    for url in REGISTRY_URLS:
        assert client.get(url).status_code == 403, url


def test_the_analyst_opens_the_report_and_every_download(
    client: Client, registry_network: Generated, nina: Any
) -> None:
    signed_in(client, nina)
    for url in (*REGISTRY_URLS, "/registry/report.html", "/registry/report.parquet"):
        joiner = "&" if "?" in url else "?"
        assert client.get(f"{url}{joiner}year={REPORT_YEAR}").status_code == 200, url


def test_every_answer_is_audited(client: Client, registry_network: Generated, nina: Any) -> None:
    signed_in(client, nina)
    client.get(f"/registry/report.csv?year={REPORT_YEAR}")
    line = AuditEvent.objects.filter(object_type="registry_report").get()
    assert (line.actor, line.action, line.detail["output"], line.detail["year"]) == (
        "nina",
        "export",
        "csv",
        REPORT_YEAR,
    )


def test_an_analyst_sees_only_their_own_network(
    client: Client, registry_network: Generated, nina: Any, other_network: tuple[Clinic, Any]
) -> None:
    _, olga = other_network
    own = signed_in(client, nina).get(f"/api/v1/registry/report?year={REPORT_YEAR}").json()
    other = signed_in(Client(), olga).get(f"/api/v1/registry/report?year={REPORT_YEAR}").json()
    assert (own["overview"]["clinics"], own["overview"]["patients"]) == (2, 2 * (HAIR + SKIN + FEW))
    assert (other["overview"]["clinics"], other["overview"]["patients"]) == (1, HAIR + SKIN + FEW)
    assert other["network"] == "Other network"


def test_a_bad_year_is_refused_naming_the_field(client: Client, nina: Any) -> None:
    signed_in(client, nina)
    page = client.get("/registry/?year=nineteen")
    answer = client.get("/api/v1/registry/report?year=1850")
    assert page.status_code == 400 and "year" in page.content.decode()
    assert answer.status_code == 422 and "year" in answer.content.decode()


def test_an_analyst_opens_no_patient_record(client: Client, network: Network, django_user_model: Any) -> None:
    with scopes_disabled():
        clinic = Clinic.objects.create(network=network, name="Clinique R", slug="r")
        planted = plant(clinic, "CanaryRegistry5q", django_user_model)
        analyst = clinic.memberships.get(role=Role.NETWORK_ANALYST).user
    signed_in(client, analyst)
    routes = [
        template
        for template in page_routes()
        if "token" not in template
        and (
            template.startswith(("patients/", "courses/", "charting/"))
            or any(p in template for p in RECORD_PARTS)
        )
    ]
    assert len(routes) > 20
    for template in routes:
        url = "/" + filled(template, planted.values)
        answer = client.get(url)
        assert answer.status_code in (403, 404, 405), f"GET {url} answered {answer.status_code} to an analyst"
        assert planted.canary not in answer.content.decode("utf-8", "replace"), url
    operations = [
        (path, methods["get"])
        for path, methods in api.get_openapi_schema()["paths"].items()
        if "get" in methods and any(p in path for p in ("patient", "pseudonym", "course", "record"))
    ]
    assert operations
    for path, operation in operations:
        # The required query parameters given (an indication, say), so only the role can refuse.
        query = {
            p["name"]: "hair_loss"
            for p in operation.get("parameters", [])
            if p["in"] == "query" and p["required"]
        }
        answer = client.get(filled(path, planted.values), query)
        assert answer.status_code in (403, 404), f"GET {path} answered {answer.status_code} to an analyst"


def test_a_network_with_no_data_yet_gets_an_empty_report(client: Client, nina: Any) -> None:
    signed_in(client, nina)
    page = client.get("/registry/")
    answer = client.get("/api/v1/registry/report").json()
    assert page.status_code == 200
    assert "No session done this year." in page.content.decode()
    assert (answer["overview"]["patients"], answer["patients"]) == (0, [])


def test_the_fourteen_column_table_scrolls_inside_the_page(
    client: Client, registry_network: Generated, nina: Any
) -> None:
    """The quantitative outcomes are wider than a tablet: the table scrolls, not the whole page."""
    html = signed_in(client, nina).get(f"/registry/?year={REPORT_YEAR}").content.decode()
    assert '<div class="table-wrap" tabindex="0"><table class="outcomes">' in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Jahr: Geben Sie ein Jahr von 2000 bis"),
        ("fr", "Année : indiquez une année de 2000 à"),
    ],
)
def test_a_bad_year_names_the_field_as_the_page_labels_it(
    client: Client, nina: Any, language: str, message: str
) -> None:
    """The page's field is labelled Jahr or Année: the message names it so, not by its code 'year'."""
    signed_in(client, nina)
    client.cookies["django_language"] = language
    try:
        page = client.get("/registry/?year=1999").content.decode()
    finally:
        translation.activate("en")
    assert message in page
