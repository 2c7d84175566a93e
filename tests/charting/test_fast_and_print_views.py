"""The record page's fast-charting buttons, and the record's print view and PDF: a clinician
charts a scalp grid in one post; the PDF, read back, holds the table of injections and the
amendments in order; clinic B's clinician finds none of it."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from mesodesk.accounts.models import AuditEvent
from mesodesk.charting.models import InjectionPoint, SessionRecord
from mesodesk.charting.services import amendment_add
from mesodesk.inventory.models import Product
from tests.charting.conftest import make_lot
from tests.charting.fast_helpers import old_lot, signed_session
from tests.conftest import signed_in

GRID = {
    "template-template": "single_pulse_grid", "template-place": "scalp_top:frontal",
    "template-depth_mm": "2", "template-needle_gauge": "30", "template-needle_length_mm": "4",
    "template-volume_ml": "0.05",
}  # fmt: skip


def points(record: SessionRecord) -> int:
    with scopes_disabled():
        return InjectionPoint.objects.filter(record=record).count()


def pdf_text(pdf: bytes) -> str:
    return " ".join(re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_record_page_offers_the_grid_and_the_repeat(
    client: Client, alice: Any, record_a: SessionRecord
) -> None:
    signed_in(client, alice)

    page = client.get(f"/charting/records/{record_a.pk}/").content.decode()

    assert "Repeat the last session" in page
    assert "Single-pulse grid, a point every 1 cm" in page


def test_one_post_charts_the_frontal_scalp_grid(client: Client, alice: Any, record_a: SessionRecord) -> None:
    signed_in(client, alice)

    answer = client.post(f"/charting/records/{record_a.pk}/template/", GRID, follow=True)

    assert answer.status_code == 200
    assert points(record_a) >= 50
    assert "points charted" in answer.content.decode()


def test_a_bad_depth_is_shown_beside_the_grid_form(
    client: Client, alice: Any, record_a: SessionRecord
) -> None:
    signed_in(client, alice)

    answer = client.post(f"/charting/records/{record_a.pk}/template/", {**GRID, "template-depth_mm": "80"})

    assert answer.status_code == 422
    assert points(record_a) == 0


def test_repeating_the_last_session_from_the_page(
    client: Client, alice: Any, record_a: SessionRecord, product_a: Product
) -> None:
    signed_session(record_a.patient, alice, old_lot(make_lot, product_a, alice))
    signed_in(client, alice)

    answer = client.post(f"/charting/records/{record_a.pk}/repeat/", {}, follow=True)

    assert answer.status_code == 200
    assert points(record_a) == 1


def test_another_clinics_clinician_finds_neither_the_grid_nor_the_print(
    client: Client, charlie: Any, record_a: SessionRecord
) -> None:
    signed_in(client, charlie)

    assert client.post(f"/charting/records/{record_a.pk}/template/", GRID).status_code == 404
    assert client.post(f"/charting/records/{record_a.pk}/repeat/", {}).status_code == 404
    assert client.get(f"/charting/records/{record_a.pk}/print/").status_code == 404
    assert client.get(f"/charting/records/{record_a.pk}/record.pdf").status_code == 404
    assert points(record_a) == 0


@pytest.fixture
def signed_a(patient_a: Any, alice: Any, product_a: Product) -> SessionRecord:
    record = signed_session(patient_a, alice, old_lot(make_lot, product_a, alice))
    with scope(clinic=record.clinic):
        for reason in ("First correction", "Second correction"):
            amendment_add(record=record, by=alice, reason=reason, change="Point 1 was 0.04 ml.")
    return record


def test_the_print_view_draws_the_map_and_lists_the_injections(
    client: Client, bob: Any, signed_a: SessionRecord
) -> None:
    signed_in(client, bob)

    page = client.get(f"/charting/records/{signed_a.pk}/print/").content.decode()

    assert page.count('class="map-print"') == 2  # the face and the scalp
    assert "Intra-basal papule" in page
    assert "Nappage" in page


def test_the_pdf_holds_the_table_of_injections_and_the_amendments_in_order(
    client: Client, alice: Any, signed_a: SessionRecord
) -> None:
    signed_in(client, alice)

    answer = client.get(f"/charting/records/{signed_a.pk}/record.pdf")
    text = pdf_text(answer.content)

    assert answer["Content-Type"] == "application/pdf"
    assert "Injections" in text
    assert "Intra-basal papule" in text
    assert "2 injections, 0.550 ml in all." in text
    assert text.index("First correction") < text.index("Second correction")
    assert "Version 3" in text  # as signed, then two amendments


def test_the_pdf_is_an_audited_export(client: Client, alice: Any, signed_a: SessionRecord) -> None:
    signed_in(client, alice)

    client.get(f"/charting/records/{signed_a.pk}/record.pdf")

    with scopes_disabled():
        assert AuditEvent.objects.filter(
            object_type="session_record", object_id=str(signed_a.pk), action="export"
        ).exists()


@pytest.mark.parametrize(
    ("language", "born"), [("en", "May 17, 1980"), ("fr", "17 mai 1980"), ("de", "17. Mai 1980")]
)
def test_the_printed_record_writes_the_birth_date_as_the_readers_language_does(
    client: Client, bob: Any, signed_a: SessionRecord, language: str, born: str
) -> None:
    signed_in(client, bob)

    page = client.get(
        f"/charting/records/{signed_a.pk}/print/", headers={"accept-language": language}
    ).content.decode()

    assert born in page
    assert "1980-05-17" not in page
