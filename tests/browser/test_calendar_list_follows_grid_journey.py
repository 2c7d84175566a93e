"""A new user's walk through the calendar (issue 15's list): the grid's own arrows, its "today"
and its day button move the grid, and the list below now follows it (it kept showing the week
the page was opened on). The demo books this week and next; the list is opened first and stays
open while it follows."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_intake_consent_journey import sign_in

pytestmark = pytest.mark.browser


def long_day(day: datetime.date) -> str:
    """A day as the list's sections name it in English ("Monday 30 November 2026")."""
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def test_the_list_follows_the_grids_arrows_today_and_day_buttons(
    page: Page, live_server_url: str, artifacts: Path
) -> None:
    today = timezone.localdate()  # the clinic's day, as the server's
    monday = today - datetime.timedelta(days=today.weekday())
    following = monday + datetime.timedelta(days=7)
    sign_in(page, live_server_url, "bellecour-clinician")
    page.goto(f"{live_server_url}/calendar/?week={monday.isoformat()}")
    agenda = page.locator("#agenda")
    agenda.get_by_text("List: move or cancel with a form").click()
    days = agenda.locator("section.day")
    expect(days.first).to_have_attribute("aria-label", long_day(monday))

    page.locator("#calendar .fc-next-button").click()
    expect(page.locator("#calendar .fc-col-header-cell").first).to_have_attribute(
        "data-date", following.isoformat()
    )
    expect(days.first).to_have_attribute("aria-label", long_day(following))
    expect(page).to_have_url(f"{live_server_url}/calendar/?week={following.isoformat()}")
    expect(agenda).to_have_attribute("open", "")  # still open, as the person left it
    # Its rows are that week's: an appointment clicked on the grid is shown in the list.
    event = page.locator("#calendar .fc-event").first
    row = page.locator(f"#appointment-{event.get_attribute('data-appointment')}")
    event.dispatch_event("click")  # events of one slot overlap: this one, wherever it is drawn
    expect(row).to_be_in_viewport()
    page.screenshot(path=str(artifacts / "1-next-week.png"), full_page=True)

    page.locator("#calendar .fc-today-button").click()
    expect(days.first).to_have_attribute("aria-label", long_day(monday))

    # The day view, then the day before it (the day the grid shows: a closed day is skipped).
    header = page.locator("#calendar .fc-col-header-cell")
    page.locator("#calendar .fc-timeGridDay-button").click()
    expect(header).to_have_count(1)
    day = header.get_attribute("data-date") or ""
    expect(days).to_have_count(1)
    expect(days.first).to_have_attribute("aria-label", long_day(datetime.date.fromisoformat(day)))
    page.locator("#calendar .fc-prev-button").click()
    expect(header).not_to_have_attribute("data-date", day)
    before = datetime.date.fromisoformat(header.get_attribute("data-date") or "")
    expect(days.first).to_have_attribute("aria-label", long_day(before))
    page.screenshot(path=str(artifacts / "2-day-before.png"), full_page=True)
    assert_accessible(page)  # the list swapped in too
