"""An assistant, reading French, receives a lot and finds it on the product's page."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from mesodesk.demo.clinics import DEMO_PASSWORD
from tests.browser.test_intake_consent_journey import sign_in
from tests.browser.test_phone_layout import WIDEST, overflow

pytestmark = pytest.mark.browser


def test_receive_a_lot_and_see_it_on_the_product_page_in_french(
    page: Page, live_server_url: str, artifacts: Path
) -> None:
    page.goto(f"{live_server_url}/sign-in/")
    page.get_by_label("User name").fill("bellecour-assistant")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change language").click()

    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Stock").click()
    expect(page.get_by_role("heading", name="Stock", exact=True)).to_be_visible()
    page.get_by_role("link", name="NWM-MesoLift 5 ml").click()
    page.get_by_role("link", name="Réceptionner un lot").click()

    expires = datetime.datetime.now(tz=datetime.UTC).date() + datetime.timedelta(days=400)
    page.get_by_label("Numéro de lot", exact=True).fill("ML-2027-B")
    page.get_by_label("Date de péremption", exact=True).fill(expires.isoformat())
    page.get_by_label("Unités reçues", exact=True).fill("24")
    page.get_by_label("Fournisseur", exact=True).fill("Pharmacie Centrale")
    page.get_by_label("Lieu de stockage", exact=True).fill("Réfrigérateur 2")
    page.get_by_role("button", name="Réceptionner le lot").click()

    expect(page.get_by_text("Lot réceptionné.")).to_be_visible()
    expect(page.get_by_role("heading", name="NWM-MesoLift 5 ml")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="ML-2027-B")
    expect(row).to_contain_text("24 / 24")
    expect(row).to_contain_text("Réfrigérateur 2")
    page.screenshot(path=str(artifacts / "product.png"), full_page=True)

    row.get_by_role("link", name="ML-2027-B").click()
    expect(page.get_by_role("cell", name="Réception")).to_be_visible()


def test_the_stock_pages_fit_a_phone(page: Page, live_server_url: str, artifacts: Path) -> None:
    sign_in(page, live_server_url, "bellecour-clinic-admin")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server_url}/inventory/")
    page.get_by_role("link", name="NWM-MesoHair 5 ml").click()
    product_url = page.url
    page.get_by_role("row").nth(1).get_by_role("link").click()
    lot_url = page.url
    for name, url in (
        ("products", f"{live_server_url}/inventory/"),
        ("product", product_url),
        ("lot", lot_url),
        ("receive", f"{product_url}receive/"),
        ("new-product", f"{live_server_url}/inventory/products/new/"),
        ("count", f"{live_server_url}/inventory/count/"),
    ):
        page.goto(url)
        page.screenshot(path=str(artifacts / f"{name}-360.png"), full_page=True)
        assert overflow(page, 360) <= 0, f"{name}: {page.evaluate(WIDEST, 360)}"
