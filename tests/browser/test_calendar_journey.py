"""Issue 9's journey, in French: a clinician switches to Français, opens the calendar's time
grid, books from a free slot, drags the appointment to another day (the gates are shown
before the move is confirmed, and the hour is kept), then drags an iontophoresis into the
72 hours after the mesotherapy session and sees the gate refuse it, the event snapping back."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.test_intake_consent_journey import sign_in

pytestmark = pytest.mark.browser

MONDAY = "2031-06-02"  # a week nothing else of the demo's or the other journeys' books


def slot(page: Page, day: str, time: str) -> tuple[float, float]:
    """The middle of a free quarter hour of the grid: the day's column, the time's row."""
    lane = page.locator(f".fc-timegrid-slot-lane[data-time='{time}:00']")
    # A click or a drop lands only inside the viewport; in its middle, away from the sticky
    # header and from the edges where FullCalendar scrolls the grid under a dragged event.
    lane.evaluate("element => element.scrollIntoView({block: 'center'})")
    column = page.locator(f".fc-timegrid-col[data-date='{day}']").bounding_box()
    row = lane.bounding_box()
    assert column and row
    return column["x"] + column["width"] / 2, row["y"] + row["height"] / 2


def drag(page: Page, event: Locator, day: str, time: str) -> None:
    """Drag an event by its first quarter hour so that its start lands on the day and time."""
    to_x, to_y = slot(page, day, time)
    box = event.bounding_box()
    assert box
    grab_x, grab_y = box["x"] + box["width"] / 2, box["y"] + 6
    page.mouse.move(grab_x, grab_y)
    page.mouse.down()
    page.mouse.move(grab_x + 5, grab_y + 5, steps=3)
    page.mouse.move(to_x, to_y, steps=15)  # the grabbed quarter hour lands on the target's
    page.mouse.up()


def ready_for_mesotherapy(page: Page) -> None:
    """A mesotherapy session needs a history taken and a course (issue 9): an empty history
    saved, then a hair-loss course, from the patient's page (by field names: any language)."""
    patient_url = page.url.rstrip("/")
    pseudonym = patient_url.rsplit("/", 1)[-1]
    base = patient_url.split("/patients/")[0]
    page.goto(f"{patient_url}/history/")
    page.locator("main form button[type=submit]").last.click()
    page.goto(f"{base}/courses/new/{pseudonym}/")
    page.locator("select[name=indication]").select_option("hair_loss")
    page.locator("select[name=protocol]").select_option("hair_loss_8")
    page.locator("input[name=start]").fill("2031-05-05")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".messages .success, .messages li").first).to_be_visible()


def book_from_slot(page: Page, family: str, day: str, time: str, kind: str, minutes: str) -> None:
    page.goto(page.url.split("/calendar/")[0] + f"/calendar/?week={MONDAY}")
    expect(page.locator(".fc-timegrid-col[data-date='" + day + "']")).to_be_visible()
    page.mouse.click(*slot(page, day, time))
    expect(page.get_by_role("heading", name="Prendre rendez-vous : choisir le patient")).to_be_visible()
    page.get_by_label("Nom ou pseudonyme du patient").fill(family)
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name=family.upper()).click()
    expect(page.get_by_label("Jour", exact=True)).to_have_value(day)
    expect(page.get_by_label("Heure", exact=True)).to_have_value(time)
    page.get_by_label("Durée (minutes)").fill(minutes)
    page.get_by_label("Type").select_option(kind)
    page.get_by_role("button", name="Réserver").click()


def test_book_drag_and_see_a_gate_refuse_in_french(page: Page, live_server_url: str, artifacts: Path) -> None:
    base = live_server_url
    family = f"Grille{secrets.token_hex(3)}"
    sign_in(page, base, "bellecour-clinician")
    page.locator("#language-switch").select_option("fr")
    page.get_by_role("button", name="Change language").click()
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()

    page.goto(f"{base}/patients/new/")
    page.get_by_label("Nom de famille").fill(family)
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label("Date de naissance").fill("1984-07-09")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name=family.upper())).to_be_visible()
    ready_for_mesotherapy(page)

    # The grid, in French, on a 24-hour clock, from the clinic's working hours.
    page.get_by_role("link", name="Agenda").first.click()
    page.goto(f"{base}/calendar/?week={MONDAY}")
    grid = page.locator("#calendar")
    expect(grid.get_by_role("button", name="Aujourd'hui")).to_be_visible()
    expect(grid.locator(".fc-timegrid-slot-label[data-time='14:00:00']")).to_contain_text("14:00")
    expect(grid.locator(".fc-col-header-cell[data-date='2031-06-07']")).to_contain_text("sam.")
    expect(grid.locator(".fc-col-header-cell[data-date='2031-06-08']")).to_have_count(0)  # Sunday: closed
    page.screenshot(path=str(artifacts / "1-grille.png"), full_page=True)

    # A click on a free slot: the booking form, with the day, the time and the clinician filled in.
    book_from_slot(page, family, "2031-06-02", "09:00", "mesotherapy", "60")
    expect(page.get_by_text("Rendez-vous réservé le 2 juin 2031 à 09:00.")).to_be_visible()
    meso = page.locator(".fc-event").filter(has_text=family)
    expect(meso).to_contain_text("Mésothérapie")
    expect(meso).to_contain_text("09:00 - 10:00")
    page.screenshot(path=str(artifacts / "2-reserve.png"), full_page=True)

    # Drag it to Wednesday: the server's findings first, then the move, its hour kept.
    drag(page, meso, "2031-06-04", "09:00")
    dialog = page.locator("#move-dialog")
    expect(dialog.get_by_role("heading", name="Déplacer le rendez-vous ?")).to_be_visible()
    expect(dialog).to_contain_text("Déplacer au 4 juin 2031 à 09:00 ?")
    page.screenshot(path=str(artifacts / "3-confirmer.png"), full_page=True)
    dialog.get_by_role("button", name="Confirmer le déplacement").click()
    expect(page.locator("#calendar-status")).to_have_text("Rendez-vous déplacé au 4 juin 2031 à 09:00.")
    moved = page.locator(".fc-timegrid-col[data-date='2031-06-04'] .fc-event").filter(has_text=family)
    expect(moved).to_contain_text("09:00 - 10:00")
    page.reload()
    expect(
        page.locator(".fc-timegrid-col[data-date='2031-06-04'] .fc-event").filter(has_text=family)
    ).to_contain_text("09:00 - 10:00")

    # An iontophoresis on Saturday (73 hours after the session ends), then dragged to Thursday.
    book_from_slot(page, family, "2031-06-07", "11:00", "iontophoresis", "30")
    expect(page.get_by_text("Rendez-vous réservé le 7 juin 2031 à 11:00.")).to_be_visible()
    device = page.locator(".fc-event").filter(has_text="Ionophorèse").filter(has_text=family)
    expect(device).to_be_visible()
    drag(page, device, "2031-06-05", "11:00")
    expect(dialog.get_by_role("heading", name="Ce déplacement est refusé")).to_be_visible()
    expect(dialog).to_contain_text(
        "Non déplacé : Traitement par appareil trop proche d'une séance de mésothérapie."
    )
    expect(dialog.get_by_role("button", name="Confirmer le déplacement")).to_be_hidden()
    # The reason is said once: not again in the dialog's list, nor in the status line behind it.
    reason = "Traitement par appareil trop proche"
    assert page.locator("body").inner_text().count(reason) == 1
    page.screenshot(path=str(artifacts / "4-refuse.png"), full_page=True)
    dialog.get_by_role("button", name="Fermer").click()
    expect(page.locator("#calendar-status")).to_contain_text(
        "Non déplacé : Traitement par appareil trop proche"
    )
    saturday = page.locator(".fc-timegrid-col[data-date='2031-06-07'] .fc-event").filter(
        has_text="Ionophorèse"
    )
    expect(saturday.filter(has_text=family)).to_contain_text("11:00 - 11:30")  # it snapped back
    page.reload()
    expect(
        page.locator(".fc-timegrid-col[data-date='2031-06-07'] .fc-event").filter(has_text=family)
    ).to_contain_text("Ionophorèse")
    page.screenshot(path=str(artifacts / "5-revenu.png"), full_page=True)

    # The day side by side, a column per clinician: the session sits in Camille Roux's column only.
    page.goto(f"{base}/calendar/?view=clinicians&day=2031-06-04")
    roux = page.locator(".calendar-column").filter(has=page.get_by_role("heading", name="Camille Roux"))
    faure = page.locator(".calendar-column").filter(has=page.get_by_role("heading", name="Hugo Faure"))
    expect(roux.locator(".fc-event").filter(has_text=family)).to_contain_text("09:00 - 10:00")
    expect(faure.locator(".fc-event").filter(has_text=family)).to_have_count(0)
    page.screenshot(path=str(artifacts / "6-colonnes.png"), full_page=True)


def test_a_finger_moves_an_appointment_on_a_tablet(
    browser: Browser, live_server_url: str, artifacts: Path
) -> None:
    """Touch: a long press picks the appointment up, the finger drags it to another day."""
    base = live_server_url
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        family = f"Tactile{secrets.token_hex(3)}"
        sign_in(page, base, "bellecour-clinician")
        page.goto(f"{base}/patients/new/")
        page.get_by_label("Family name").fill(family)
        page.get_by_label("Given name").fill("Tom")
        page.get_by_label("Date of birth").fill("1990-01-02")
        page.get_by_role("button", name="Register").click()
        page.goto(
            f"{base}/calendar/book/?patient="
            + page.url.rstrip("/").rsplit("/", 1)[-1]
            + "&day=2031-06-10&time=15:00"
        )
        page.get_by_label("Kind").select_option("iontophoresis")  # a device: no course needed
        page.get_by_role("button", name="Book").click()
        event = page.locator(".fc-event").filter(has_text=family)
        expect(event).to_contain_text("3:00")
        to_x, to_y = slot(page, "2031-06-12", "15:00")
        box = event.bounding_box()
        assert box
        cdp = context.new_cdp_session(page)

        def touch(kind: str, x: float, y: float) -> None:
            points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        x, y = box["x"] + box["width"] / 2, box["y"] + 6
        touch("touchStart", x, y)
        page.wait_for_timeout(600)  # the long press
        for step in range(1, 16):
            touch("touchMove", x + (to_x - x) * step / 15, y + (to_y - y) * step / 15)
            page.wait_for_timeout(20)
        touch("touchEnd", to_x, to_y)
        dialog = page.locator("#move-dialog")
        expect(dialog.get_by_role("heading", name="Move the appointment?")).to_be_visible()
        page.screenshot(path=str(artifacts / "touch-confirm.png"))
        dialog.get_by_role("button", name="Confirm the move").click()
        expect(
            page.locator(".fc-timegrid-col[data-date='2031-06-12'] .fc-event").filter(has_text=family)
        ).to_be_visible()
    finally:
        context.close()
