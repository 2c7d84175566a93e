"""The recall finds every signed session that drew the lot and nothing else, on the page, in the
CSV, in the letters and over the API; another clinic's lot is a 404 everywhere; a clinic's
administrator sees pseudonyms only; every answer is audited with the patients it named."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from mesodesk.accounts.models import AuditEvent
from mesodesk.inventory.models import Lot, Product
from mesodesk.recall.csv_export import cell
from mesodesk.recall.selectors import recall_rows, target_lot, target_product, target_supplier
from tests.conftest import make_patient, signed_in
from tests.inventory.conftest import make_lot
from tests.recall.conftest import session_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(clinic_a: Any, alice: Any, lot_a: Lot, product_a: Product) -> dict[str, Any]:
    """Three patients drew lot L-001 (one in French, one in German), one drew another lot of the
    same product, one has a draft from L-001 only."""
    other = make_lot(product_a, alice, number="L-002", supplier="Pharma Basel")
    fr = make_patient(clinic_a, "Dupont", "Amélie", preferred_language="fr", phone="=1+2", email="a@x.fr")
    de = make_patient(clinic_a, "Müller", "Jörg", preferred_language="de")
    en = make_patient(clinic_a, "Smith", "Ann")
    elsewhere = make_patient(clinic_a, "Other", "Lot")
    draft = make_patient(clinic_a, "Draft", "Only")
    records = {
        "fr": session_from(fr, alice, [(lot_a, "2")], slot=0),
        "de": session_from(de, alice, [(lot_a, "1.5"), (other, "1")], slot=1),
        "en": session_from(en, alice, [(lot_a, "0.5")], slot=2),
        "elsewhere": session_from(elsewhere, alice, [(other, "2")], slot=3),
        "draft": session_from(draft, alice, [(lot_a, "2")], slot=4, sign=False),
    }
    return {"other": other, "records": records, "patients": {"fr": fr, "de": de, "en": en}}


def test_a_lot_recalls_every_signed_session_that_drew_it_and_no_other(
    clinic_a: Any, lot_a: Lot, drawn: dict[str, Any]
) -> None:
    records = drawn["records"]
    with scope(clinic=clinic_a):
        rows = recall_rows(target_lot(lot_a.pk))
    assert {r.record_id for r in rows} == {records[k].pk for k in ("fr", "de", "en")}
    assert {r.lot_number for r in rows} == {"L-001"}
    assert sorted(str(r.volume_ml) for r in rows) == ["0.50", "1.50", "2.00"]


def test_a_product_and_a_supplier_recall_all_their_lots(
    clinic_a: Any, product_a: Product, drawn: dict[str, Any]
) -> None:
    records = drawn["records"]
    with scope(clinic=clinic_a):
        by_product = {r.record_id for r in recall_rows(target_product(product_a.pk))}
        by_supplier = {r.record_id for r in recall_rows(target_supplier("Pharma Basel"))}
    assert by_product == {records[k].pk for k in ("fr", "de", "en", "elsewhere")}
    assert by_supplier == {records["de"].pk, records["elsewhere"].pk}


@pytest.mark.parametrize("size", [2, 6])
def test_the_recall_is_one_query_whatever_the_number_of_sessions(
    clinic_a: Any, alice: Any, lot_a: Lot, size: int, django_assert_num_queries: Any
) -> None:
    for i in range(size):
        session_from(make_patient(clinic_a, f"P{i}", "Q"), alice, [(lot_a, "1")], slot=i)
    target = None
    with scope(clinic=clinic_a):
        target = target_lot(lot_a.pk)
        with django_assert_num_queries(1):
            assert len(recall_rows(target)) == size


def test_the_page_names_patients_with_contacts_for_a_clinician(
    client: Client, alice: Any, lot_a: Lot, drawn: dict[str, Any]
) -> None:
    page = signed_in(client, alice).get(reverse("recall:lot", kwargs={"lot_id": lot_a.pk}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "DUPONT" in text and "a@x.fr" in text and "Draft" not in text and "OTHER" not in text


def test_an_administrator_sees_pseudonyms_not_names_and_gets_no_letters(
    client: Client, carol: Any, lot_a: Lot, drawn: dict[str, Any]
) -> None:
    client = signed_in(client, carol)
    page = client.get(reverse("recall:lot", kwargs={"lot_id": lot_a.pk})).content.decode()
    sheet = client.get(reverse("recall:lot_csv", kwargs={"lot_id": lot_a.pk})).content.decode()
    for shown in (page, sheet):
        assert drawn["patients"]["fr"].pseudonym in shown
        assert "Dupont" not in shown and "DUPONT" not in shown and "a@x.fr" not in shown
    assert client.get(reverse("recall:lot_letters", kwargs={"lot_id": lot_a.pk})).status_code == 403


def test_the_csv_escapes_formulas(client: Client, alice: Any, lot_a: Lot, drawn: dict[str, Any]) -> None:
    sheet = signed_in(client, alice).get(reverse("recall:lot_csv", kwargs={"lot_id": lot_a.pk}))
    assert sheet["Content-Type"].startswith("text/csv")
    assert "'=1+2" in sheet.content.decode() and ",French," in sheet.content.decode()
    assert [cell(v) for v in ("=A1", "+1", "-1", "@x", "ok")] == ["'=A1", "'+1", "'-1", "'@x", "ok"]


def test_the_letters_speak_each_patients_language(
    client: Client, alice: Any, lot_a: Lot, drawn: dict[str, Any]
) -> None:
    answer = signed_in(client, alice).get(reverse("recall:lot_letters", kwargs={"lot_id": lot_a.pk}))
    assert answer["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 3
    assert "Bonjour Amélie Dupont" in text and "Numéro de lot" in text  # French
    assert "Guten Tag Jörg Müller" in text and "Chargennummer" in text  # German
    assert "Dear Ann Smith" in text and "L-001" in text and "Draft" not in text


@pytest.mark.parametrize("name", ["recall:lot", "recall:lot_csv", "recall:lot_letters"])
def test_another_clinics_lot_is_a_404(client: Client, alice: Any, lot_b: Lot, name: str) -> None:
    assert signed_in(client, alice).get(reverse(name, kwargs={"lot_id": lot_b.pk})).status_code == 404


def test_another_clinics_supplier_is_a_404(client: Client, alice: Any, lot_b: Lot) -> None:
    page = signed_in(client, alice).get(reverse("recall:supplier"), {"name": lot_b.supplier})
    assert page.status_code == 404


def test_every_search_and_export_is_audited_with_the_patients_it_named(
    client: Client, alice: Any, lot_a: Lot, drawn: dict[str, Any]
) -> None:
    client = signed_in(client, alice)
    with scopes_disabled():
        before = AuditEvent.objects.count()
    client.get(reverse("recall:lot", kwargs={"lot_id": lot_a.pk}))
    client.get(reverse("recall:lot_csv", kwargs={"lot_id": lot_a.pk}))
    with scopes_disabled():
        rows = list(AuditEvent.objects.filter(object_type="recall").order_by("id"))
        assert AuditEvent.objects.count() - before >= 8
    named = {p.pk for p in drawn["patients"].values()}
    for output, action in (("page", "read"), ("csv", "export")):
        mine = [r for r in rows if r.detail.get("output") == output]
        assert [r.action for r in mine] == [action] * 4
        assert {r.patient_id for r in mine if r.patient_id} == named


def test_the_api_recalls_a_lot_and_refuses_another_clinics(
    client: Client, alice: Any, lot_a: Lot, lot_b: Lot, drawn: dict[str, Any]
) -> None:
    client = signed_in(client, alice)
    answer = client.get("/api/v1/recall", {"lot": lot_a.pk})
    assert answer.status_code == 200, answer.content
    assert answer.json()["patients"] == 3
    assert client.get("/api/v1/recall", {"lot": lot_b.pk}).status_code == 404
    both = client.get("/api/v1/recall", {"lot": lot_a.pk, "product": 1})
    assert both.status_code == 422 and both.json()
    assert "/api/v1/recall" in client.get("/api/v1/openapi.json").json()["paths"]


def test_the_lot_page_links_to_its_recall(client: Client, alice: Any, lot_a: Lot) -> None:
    page = signed_in(client, alice).get(reverse("inventory:lot", kwargs={"lot_id": lot_a.pk}))
    assert reverse("recall:lot", kwargs={"lot_id": lot_a.pk}) in page.content.decode()
