"""What a new user's walk through the calendar's list found: each row shows its patient as the
grid does, by name for clinicians and assistants (a pseudonym is a code, not a name) and by
pseudonym for a clinic administrator; the names read are in the audit trail. No link of the
list leads its reader to a 403: an administrator (who opens no patient record) reads the
pseudonym without a link to the record."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from mesodesk.accounts.models import AuditEvent, Clinic
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import ClinicHours
from tests.audit_reads import patients_audited
from tests.conftest import signed_in
from tests.scheduling.test_calendar_agenda import fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def monday(start_day: datetime.date) -> datetime.date:
    return start_day - datetime.timedelta(days=start_day.weekday())


def patient_shown(html: str) -> list[str]:
    """What each row of the list shows of its patient (the line after its time and kind), as text."""
    rows = re.findall(r'<div class="appointment" id="appointment-\d+">\s*<strong>[^\n]*\n\s*([^\n]*)', html)
    return [re.sub(r"<[^>]+>", "", row).strip() for row in rows]


def the_pseudonyms(clinic: Clinic) -> list[str]:
    with scopes_disabled():
        return list(
            Patient.objects.filter(clinic=clinic).order_by("family_name").values_list("pseudonym", flat=True)
        )


@pytest.mark.parametrize("reader", ["alice", "bob"])
def test_a_clinician_or_an_assistant_reads_each_patients_name_not_a_code(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date, reader: str, request: Any
) -> None:
    fill(clinic_a, alice, monday, 2)
    signed_in(client, request.getfixturevalue(reader))
    html = client.get(f"/calendar/?week={monday.isoformat()}").content.decode()
    assert patient_shown(html) == ["Claire Family0", "Claire Family1"]
    assert all(f">{pseudonym}<" not in html for pseudonym in the_pseudonyms(clinic_a))


def test_the_names_the_list_shows_are_audited_as_read_on_the_calendar(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    fill(clinic_a, alice, monday, 3)
    signed_in(client, alice)
    client.get(f"/calendar/?week={monday.isoformat()}")
    with scopes_disabled():
        ids = Patient.objects.filter(clinic=clinic_a).values_list("pk", flat=True)
        assert patients_audited(detail__via="calendar") == sorted(ids)


def test_a_clinic_administrator_reads_pseudonyms_and_no_read_of_a_name_is_audited(
    client: Client, alice: Any, carol: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    fill(clinic_a, alice, monday, 2)
    signed_in(client, carol)
    html = client.get(f"/calendar/?week={monday.isoformat()}").content.decode()
    assert patient_shown(html) == the_pseudonyms(clinic_a)
    assert "Family0" not in html
    with scopes_disabled():
        assert not AuditEvent.objects.filter(action="read").exists()


def list_links(html: str) -> list[str]:
    """Every link of the list (its rows, its days' headings, its pager), as a path to get."""
    agenda = html.split('id="agenda"', 1)[1].split("</details>\n<section", 1)[0]
    return [
        f"/calendar/{href}" if href.startswith("?") else href
        for href in re.findall(r'href="([^"#]+)', agenda)
    ]


@pytest.mark.parametrize("reader", ["carol", "alice", "bob"])
def test_no_link_of_the_list_answers_403_to_its_reader(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date, reader: str, request: Any
) -> None:
    fill(clinic_a, alice, monday, 60)  # two pages: the pager's links too
    signed_in(client, request.getfixturevalue(reader))
    links = list_links(client.get(f"/calendar/?week={monday.isoformat()}").content.decode())
    assert any(".ics" in link for link in links)
    answers = {link: client.get(link.replace("&amp;", "&")).status_code for link in links}
    assert [link for link, status in answers.items() if status == 403] == []


def test_an_administrators_list_shows_the_pseudonym_without_a_link_to_the_record(
    client: Client, alice: Any, carol: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    fill(clinic_a, alice, monday, 1)
    signed_in(client, carol)
    html = client.get(f"/calendar/?week={monday.isoformat()}").content.decode()
    assert [link for link in list_links(html) if link.startswith("/patients/")] == []
    assert patient_shown(html) == the_pseudonyms(clinic_a)


def test_a_clinician_still_follows_the_row_to_the_patients_record(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    fill(clinic_a, alice, monday, 1)
    signed_in(client, alice)
    html = client.get(f"/calendar/?week={monday.isoformat()}").content.decode()
    record = f"/patients/{the_pseudonyms(clinic_a)[0]}/"
    assert f'<a href="{record}">Claire Family0</a>' in html
    assert client.get(record).status_code == 200


CLOSED = "Closed: the clinic does not work on this day."


def said_each_day(html: str) -> list[str]:
    """Each day's section of the list: what it says when no appointment is listed, else the rows' count."""
    days = re.findall(r'<section class="card day"(.*?)</section>', html, flags=re.S)
    said = []
    for day in days:
        notes = re.findall(r'<p class="muted[^"]*">([^<]+)</p>', day)
        rows = day.count('class="appointment"')
        said.append(" + ".join([*notes, *([f"{rows} booked"] if rows else [])]))
    return said


def test_a_day_the_clinic_does_not_work_says_it_is_closed_not_that_nothing_is_booked(
    client: Client, alice: Any, monday: datetime.date
) -> None:
    signed_in(client, alice)  # no hours saved: the defaults, Monday to Saturday
    html = client.get(f"/calendar/?week={monday.isoformat()}").content.decode()
    assert said_each_day(html) == ["Nothing booked."] * 6 + [CLOSED]


def test_the_closed_days_are_the_working_hours_the_administrator_saved_and_in_french(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    ClinicHours.objects.create(clinic=clinic_a, days="1235")  # not Thursday, nor the weekend
    signed_in(client, alice)
    html = client.get(
        f"/calendar/?week={monday.isoformat()}", headers={"accept-language": "fr"}
    ).content.decode()
    closed, nothing = "Fermé : le cabinet ne travaille pas ce jour-là.", "Aucun rendez-vous."
    assert said_each_day(html) == [nothing, nothing, nothing, closed, nothing, closed, closed]


def test_a_closed_day_still_lists_what_is_booked_on_it(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    """Booked before the hours changed: the appointments are shown, and the day says it is closed."""
    fill(clinic_a, alice, monday, 2)
    ClinicHours.objects.create(clinic=clinic_a, days="23456")
    signed_in(client, alice)
    html = client.get(f"/calendar/?view=day&day={monday.isoformat()}").content.decode()
    assert said_each_day(html) == [f"{CLOSED} + 2 booked"]


def test_the_list_alone_for_the_week_the_grid_moved_to(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    """The grid's arrows ask for the list of the week they show, alone (calendar.js, with htmx):
    its pages, the week's days and rows, without the page around them."""
    following = monday + datetime.timedelta(days=7)
    fill(clinic_a, alice, following, 2)
    signed_in(client, alice)
    answer = client.get(
        f"/calendar/?week={following.isoformat()}",
        headers={"HX-Request": "true", "HX-Target": "agenda-pages"},
    )
    html = answer.content.decode()
    assert html.lstrip().startswith('<div id="agenda-pages">')
    assert "<html" not in html and 'id="calendar"' not in html
    assert said_each_day(html) == ["2 booked"] + ["Nothing booked."] * 5 + [CLOSED]
    assert patient_shown(html) == ["Claire Family0", "Claire Family1"]
    assert "HX-Target" in answer["Vary"]
