"""Issue 15: the calendar page's list (move or cancel with a form) shows fifty appointments at
a time, so the page costs the same queries and about the same HTML for a week of ten
appointments or three hundred; "Earlier appointments" / "Later appointments" reach every one
of them exactly once, keeping the view, the day and the filters."""

from __future__ import annotations

import datetime
import re
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic
from mesodesk.patients.models import Patient
from mesodesk.scheduling.models import Appointment
from tests.conftest import make_member, make_patient, signed_in
from tests.scheduling.conftest import at

pytestmark = pytest.mark.django_db

SLOTS_A_DAY = 43  # ten-minute slots from 08:00: 301 of them fill a week of seven days


@pytest.fixture
def monday(start_day: datetime.date) -> datetime.date:
    return start_day - datetime.timedelta(days=start_day.weekday())


def fill(clinic: Clinic, clinician: Any, monday: datetime.date, count: int, *, first: int = 0) -> list[int]:
    """`count` ten-minute appointments from slot `first` on, written directly (booking each
    through its gates would take minutes): one clinician never holds two at once."""
    with scopes_disabled():
        patients = Patient.objects.bulk_create(
            Patient(clinic=clinic, family_name=f"Family{n}", given_name="Claire", date_of_birth=datetime.date(1980, 5, 17))
            for n in range(first, first + count)
        )  # fmt: skip
        made = Appointment.objects.bulk_create(
            Appointment(
                clinic=clinic, patient=patient, clinician=clinician, kind="iontophoresis", created_by="test",
                start=at(monday + datetime.timedelta(days=n // SLOTS_A_DAY), 8, 0) + datetime.timedelta(minutes=10 * (n % SLOTS_A_DAY)),
                end=at(monday + datetime.timedelta(days=n // SLOTS_A_DAY), 8, 10) + datetime.timedelta(minutes=10 * (n % SLOTS_A_DAY)),
            )
            for n, patient in zip(range(first, first + count), patients, strict=True)
        )  # fmt: skip
    return [a.pk for a in made]


def listed(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<div class="appointment" id="appointment-(\d+)">', html)]


def pager_link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return unescape(found.group(1)) if found else None


def walk(client: Client, url: str, rel: str) -> list[str]:
    """The pages met following the `rel` links from `url`, each page's HTML."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(response.content.decode())
        following = pager_link(pages[-1], rel)
        url = f"/calendar/{following}" if following else ""
        assert len(pages) < 20, "the pages never end"
    return pages


def test_the_week_page_costs_the_same_queries_and_bounded_html_with_ten_or_three_hundred(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    fill(clinic_a, alice, monday, 10)
    signed_in(client, alice)
    week = f"/calendar/?week={monday.isoformat()}"
    client.get(week)  # the first request of a session does more (its session, its user)
    with CaptureQueriesContext(connection) as few:
        small = client.get(week).content.decode()
    assert len(listed(small)) == 10
    fill(clinic_a, alice, monday, 290, first=10)
    with CaptureQueriesContext(connection) as many:
        large = client.get(week).content.decode()
    assert len(listed(large)) == 50
    assert len(many.captured_queries) == len(few.captured_queries)
    # Fifty rows and the page around them (76 kB); all 300 rows made 426 kB.
    assert len(large.encode()) < 100_000


def test_every_appointment_is_on_exactly_one_page_both_ways(
    client: Client, alice: Any, bob: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    booked = fill(clinic_a, alice, monday, 130)
    # Appointments starting at the same minute as others (another clinician's): ids break the tie.
    booked += fill(clinic_a, bob, monday, 45, first=30)
    signed_in(client, alice)
    forward = walk(client, f"/calendar/?week={monday.isoformat()}", "next")
    assert [len(listed(page)) for page in forward] == [50, 50, 50, 25]
    seen = [pk for page in forward for pk in listed(page)]
    assert sorted(seen) == sorted(booked)
    assert len(set(seen)) == len(seen)
    backward = walk(client, f"/calendar/{pager_link(forward[-1], 'prev')}", "prev")
    assert [listed(page) for page in reversed(backward)] == [listed(page) for page in forward[:-1]]


def test_the_pages_keep_the_view_the_day_and_the_filters(
    client: Client, alice: Any, bob: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    mine = fill(clinic_a, alice, monday, 60)
    fill(clinic_a, bob, monday, 60)
    signed_in(client, alice)
    pages = walk(client, f"/calendar/?week={monday.isoformat()}&clinician={alice.pk}&room=", "next")
    assert [pk for page in pages for pk in listed(page)] == mine
    later = pager_link(pages[0], "next") or ""
    assert later.startswith(f"?week={monday.isoformat()}&clinician={alice.pk}&room=&cursor=")
    day = walk(client, f"/calendar/?view=day&day={monday.isoformat()}", "next")
    assert [len(listed(page)) for page in day] == [50, 36]  # Monday's 43 of each
    assert (pager_link(day[0], "next") or "").startswith(f"?view=day&day={monday.isoformat()}&cursor=")
    assert '<details class="card agenda" id="agenda" open>' in pages[1]  # the list opened on it
    assert '<details class="card agenda" id="agenda">' in pages[0]


def test_a_page_that_starts_mid_day_says_the_day_is_continued(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    fill(clinic_a, alice, monday, 2 * SLOTS_A_DAY + 10)  # Monday and Tuesday full, ten on Wednesday
    signed_in(client, alice)
    first, second = walk(client, f"/calendar/?week={monday.isoformat()}", "next")
    days = [re.findall(r'<section class="card day" aria-label="([^"]+)"', page) for page in (first, second)]
    # The first page holds Monday and seven of Tuesday's: the days after are on the next page.
    assert len(days[0]) == 2 and "continued" not in days[0][1]
    # The second starts on Tuesday, continued, and runs to Sunday ("Nothing booked" from Thursday
    # to Saturday; Sunday, which the clinic does not work by default, says it is closed).
    assert len(days[1]) == 6 and days[1][0].endswith(", continued")
    assert "(continued from the earlier appointments)" in second
    assert second.count("Nothing booked.") == 3
    assert second.count("Closed: the clinic does not work on this day.") == 1


def test_a_cursor_from_elsewhere_or_made_up_gives_the_first_page(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    fill(clinic_a, alice, monday, 60)
    signed_in(client, alice)
    week = f"/calendar/?week={monday.isoformat()}"
    first = client.get(week).content.decode()
    cursor = (pager_link(first, "next") or "").split("cursor=")[1]
    next_week = client.get(
        f"/calendar/?week={(monday + datetime.timedelta(days=7)).isoformat()}&cursor={cursor}"
    )
    assert next_week.status_code == 200
    assert next_week.content.decode().count("Nothing booked.") == 6  # and Sunday is closed
    for made_up in ("bm90LWEta2V5", "%E2%9C%93x", "WyJhIixbIm5vdC1hLWRhdGUiLCJ4Il1d"):
        answer = client.get(f"{week}&cursor={made_up}")
        assert answer.status_code == 200
        assert listed(answer.content.decode()) == listed(first)


@pytest.mark.parametrize(
    ("language", "later", "continued"),
    [
        ("fr", "Rendez-vous suivants", "(suite des rendez-vous précédents)"),
        ("de", "Spätere Termine", "(Fortsetzung der früheren Termine)"),
    ],
)
def test_the_pager_speaks_french_and_german(
    client: Client,
    alice: Any,
    clinic_a: Clinic,
    monday: datetime.date,
    language: str,
    later: str,
    continued: str,
) -> None:
    fill(clinic_a, alice, monday, 60)
    signed_in(client, alice)
    headers = {"accept-language": language}
    first = client.get(f"/calendar/?week={monday.isoformat()}", headers=headers).content.decode()
    assert later in first
    second = client.get(f"/calendar/{pager_link(first, 'next')}", headers=headers).content.decode()
    assert continued in second


def test_another_clinics_appointments_are_on_no_page(
    client: Client,
    alice: Any,
    clinic_a: Clinic,
    clinic_b: Clinic,
    monday: datetime.date,
    django_user_model: Any,
) -> None:
    fill(clinic_a, alice, monday, 60)
    charlie = make_member(django_user_model, "charlie", clinic_b, "clinician")
    canary = make_patient(clinic_b, family="Canary-7f3e", given="Zebulon")
    with scopes_disabled():
        Appointment.objects.create(
            clinic=clinic_b, patient=canary, clinician=charlie, kind="iontophoresis", created_by="test",
            start=at(monday, 8, 5), end=at(monday, 8, 15),
        )  # fmt: skip
    signed_in(client, alice)
    pages = walk(client, f"/calendar/?week={monday.isoformat()}", "next")
    assert sum(len(listed(page)) for page in pages) == 60
    assert all(canary.pseudonym not in page for page in pages)


def test_a_move_or_a_cancel_from_a_later_page_lands_back_on_that_page_open(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    booked = fill(clinic_a, alice, monday, 120)
    signed_in(client, alice)
    second = client.get(
        f"/calendar/{pager_link(walk(client, f'/calendar/?week={monday}', 'next')[0], 'next')}"
    )
    row = listed(second.content.decode())[10]  # the 61st appointment: Tuesday
    tuesday = (monday + datetime.timedelta(days=1)).isoformat()
    moved = client.post(
        f"/calendar/appointments/{row}/move/", {"day": tuesday, "time": "17:30", "minutes": "10"}
    )
    assert moved.status_code == 302
    assert moved["Location"].endswith(f"#appointment-{row}")
    landed = client.get(moved["Location"]).content.decode()
    assert listed(landed) == [row, *booked[86:]]  # after Tuesday's others, then Wednesday's
    assert '<details class="card agenda" id="agenda" open>' in landed
    other = booked[70]
    cancelled = client.post(f"/calendar/appointments/{other}/cancel/")
    assert cancelled["Location"].endswith("#agenda")
    assert listed(client.get(cancelled["Location"]).content.decode())[0] == booked[71]
