"""What a walk through the calendar's paged list in a browser found (issue 15): a move or a
cancel made from a filtered day's list lands back on that day with its filters; a click on an
appointment of the grid that is on another page of the list opens that page; a refusal in the
list says it is one; the clinician filter names people as the dashboard does."""

from __future__ import annotations

import datetime
import re
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic
from mesodesk.scheduling.models import Appointment
from tests.conftest import make_member, make_patient, signed_in
from tests.scheduling.conftest import at
from tests.scheduling.test_calendar_agenda import fill, listed

pytestmark = pytest.mark.django_db


@pytest.fixture
def monday(start_day: datetime.date) -> datetime.date:
    return start_day - datetime.timedelta(days=start_day.weekday())


def query(location: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(location).query, keep_blank_values=True)


def test_a_move_from_a_filtered_day_lands_back_on_that_day_with_its_filters(
    client: Client, alice: Any, bob: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    mine = fill(clinic_a, alice, monday, 60)
    fill(clinic_a, bob, monday, 20, first=60)
    signed_in(client, alice)
    day = monday.isoformat()
    row = mine[40]  # Monday's 41st: moved to the evening, it stays on Monday
    moved = client.post(
        f"/calendar/appointments/{row}/move/?view=day&day={day}&clinician={alice.pk}&room=",
        {"day": day, "time": "17:50", "minutes": "10"},
    )
    assert moved.status_code == 302
    kept = query(moved["Location"])
    assert kept["view"] == ["day"]
    assert kept["day"] == [day]
    assert kept["clinician"] == [str(alice.pk)]
    landed = client.get(moved["Location"]).content.decode()
    assert listed(landed)[0] == row
    assert set(listed(landed)) <= set(mine)  # still Alice's alone


def test_a_move_to_another_day_follows_it_there_in_the_day_view(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    row = fill(clinic_a, alice, monday, 3)[0]
    signed_in(client, alice)
    friday = (monday + datetime.timedelta(days=4)).isoformat()
    moved = client.post(
        f"/calendar/appointments/{row}/move/?view=day&day={monday.isoformat()}&clinician={alice.pk}",
        {"day": friday, "time": "09:00", "minutes": "10"},
    )
    assert query(moved["Location"])["day"] == [friday]


def test_a_cancel_from_a_filtered_day_lands_back_on_that_day_with_its_filters(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    mine = fill(clinic_a, alice, monday, 60)
    signed_in(client, alice)
    day = monday.isoformat()
    cancelled = client.post(
        f"/calendar/appointments/{mine[40]}/cancel/?view=day&day={day}&clinician={alice.pk}"
    )
    kept = query(cancelled["Location"])
    assert (kept["view"], kept["day"], kept["clinician"]) == (["day"], [day], [str(alice.pk)])
    assert listed(client.get(cancelled["Location"]).content.decode())[0] == mine[41]


def test_nonsense_filters_on_a_move_are_dropped_not_carried(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    row = fill(clinic_a, alice, monday, 1)[0]
    signed_in(client, alice)
    moved = client.post(
        f"/calendar/appointments/{row}/move/?view=%3Cscript%3E&clinician=x&room=99999999999999999999",
        {"day": monday.isoformat(), "time": "09:00", "minutes": "10"},
    )
    kept = query(moved["Location"])
    assert "view" not in kept
    assert "clinician" not in kept
    assert "room" not in kept
    assert kept["week"] == [monday.isoformat()]


def test_the_list_pages_link_their_move_and_cancel_forms_to_the_page_shown(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    row = fill(clinic_a, alice, monday, 1)[0]
    signed_in(client, alice)
    html = client.get(f"/calendar/?view=day&day={monday.isoformat()}&clinician={alice.pk}").content.decode()
    keep = f"?view=day&amp;clinician={alice.pk}"  # what the redirect keeps; the day is the appointment's
    assert f'action="/calendar/appointments/{row}/move/{keep}"' in html
    assert f'hx-post="/calendar/appointments/{row}/cancel/{keep}"' in html


def test_at_opens_the_list_on_the_page_that_holds_the_appointment(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    booked = fill(clinic_a, alice, monday, 130)
    signed_in(client, alice)
    html = client.get(f"/calendar/?week={monday.isoformat()}&at={booked[120]}").content.decode()
    assert listed(html)[0] == booked[120]
    assert '<details class="card agenda" id="agenda" open>' in html
    assert "at=" not in "".join(re.findall(r'<a href="([^"]+)" rel="(?:prev|next)">', html))


def test_at_with_another_clinics_or_a_made_up_id_gives_the_first_page_closed(
    client: Client,
    alice: Any,
    clinic_a: Clinic,
    clinic_b: Clinic,
    monday: datetime.date,
    django_user_model: Any,
) -> None:
    booked = fill(clinic_a, alice, monday, 60)
    charlie = make_member(django_user_model, "charlie", clinic_b, "clinician")
    with scopes_disabled():
        theirs = Appointment.objects.create(
            clinic=clinic_b, patient=make_patient(clinic_b, "Canary"), clinician=charlie, kind="iontophoresis",
            created_by="test", start=at(monday, 15, 5), end=at(monday, 15, 15),
        )  # fmt: skip
    signed_in(client, alice)
    for other in (str(theirs.pk), "x", "99999999999999999999"):
        html = client.get(f"/calendar/?week={monday.isoformat()}&at={other}").content.decode()
        assert listed(html) == booked[:50]
        assert '<details class="card agenda" id="agenda">' in html


WARNING = {"code": "consent_missing", "level": "warning", "message": "Consent missing."}
BLOCKED = {"code": "screening_contraindicated", "level": "blocked", "message": "Screening blocks it."}


def test_a_refusal_in_the_list_says_it_is_one_as_the_dashboard_counts_it(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    row = fill(clinic_a, alice, monday, 1)[0]
    with scopes_disabled():
        Appointment.objects.filter(pk=row).update(gates=[WARNING, BLOCKED])
    signed_in(client, alice)
    html = client.get(
        f"/calendar/?week={monday.isoformat()}", headers={"accept-language": "fr"}
    ).content.decode()
    pills = [
        (level, unescape(text))
        for level, text in re.findall(r'<div class="pill (sev-[a-z]+)">(.*?)</div>', html)
    ]
    assert pills == [
        (
            "sev-relative",
            "Avertissement : <strong>Consentement manquant</strong> : Aucun consentement signé "
            "n'est en vigueur pour cette indication ; il est obligatoire avant la première séance.",
        ),
        (
            "sev-absolute",
            "Refusé : <strong>Contre-indiqué par le dépistage</strong> : Le dépistage pour "
            "l'indication et la formulation de cette cure interdit le traitement : une contre-indication "
            "absolue, ou une contre-indication relative qu'aucun praticien n'a validée.",
        ),
    ]


def test_the_clinician_filter_and_the_list_name_clinicians_as_the_dashboard_does(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    alice.first_name, alice.last_name = "Alice", "Aubert"
    alice.save(update_fields=["first_name", "last_name"])
    fill(clinic_a, alice, monday, 1)
    signed_in(client, alice)
    html = client.get(f"/calendar/?week={monday.isoformat()}").content.decode()
    assert f'<option value="{alice.pk}">Alice Aubert</option>' in html
    assert "· Alice Aubert" in html


def test_a_page_opened_at_the_weeks_first_appointment_is_the_first_page(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    """After a move or a cancel of the week's first appointment (or a click on it on the grid),
    the list opens at it: no "Earlier appointments" link that leads to the same rows, and the
    week's days from Monday, as on the first page."""
    tuesday = monday + datetime.timedelta(days=1)
    booked = fill(clinic_a, alice, tuesday, 60)
    signed_in(client, alice)
    html = client.get(f"/calendar/?week={monday.isoformat()}&at={booked[0]}").content.decode()
    assert listed(html) == booked[:50]
    assert 'rel="prev"' not in html
    assert re.findall(r'<section class="card day" aria-label="([^"]+)"', html)[0].startswith("Monday")


def test_a_cancel_sent_by_htmx_is_answered_with_a_page_to_go_to_not_a_page_to_swap_in(
    client: Client, alice: Any, clinic_a: Clinic, monday: datetime.date
) -> None:
    """The list's cancel button posts through htmx (for its confirmation): the answer sends the
    browser to the list's page (address, anchor and all) instead of swapping a whole calendar
    page, scripts included, into the old one's body, which froze the tab."""
    mine = fill(clinic_a, alice, monday, 3)
    signed_in(client, alice)
    answer = client.post(
        f"/calendar/appointments/{mine[1]}/cancel/?view=day&clinician={alice.pk}",
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 204
    assert query(answer["HX-Redirect"])["view"] == ["day"]
    assert answer["HX-Redirect"].endswith("#agenda")
    assert listed(client.get(answer["HX-Redirect"]).content.decode())[0] == mine[2]
