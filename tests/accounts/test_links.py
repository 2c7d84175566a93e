"""accounts.links: a route reversed once gives, for every value, what `reverse` gives."""

from __future__ import annotations

from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from mesodesk.accounts.links import link_maker

ROUTES_BY_ID = (
    "scheduling:move",
    "scheduling:cancel",
    "scheduling:appointment_ics",
    "charting:for_appointment",
)


@settings(deadline=None)  # the first example imports the URL conf
@given(st.integers(min_value=0, max_value=2**63 - 1))
def test_an_id_link_is_the_reversed_one(pk: int) -> None:
    for name in ROUTES_BY_ID:
        assert link_maker(name)(pk) == reverse(name, args=[pk])


@settings(deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda t: "/" not in t))
def test_a_pseudonym_link_is_the_reversed_one_whatever_its_characters(text: str) -> None:
    # Pseudonyms are P- and letters; anything else (quoted by reverse) must still come out equal.
    assert link_maker("patients:detail")(text) == reverse("patients:detail", args=[text])


def test_the_usual_pseudonym() -> None:
    assert link_maker("patients:detail")("P-7K3MQ2") == "/patients/P-7K3MQ2/"


def test_the_route_filter_writes_what_the_url_tag_writes() -> None:
    from django.template import engines

    django_engine = engines["django"]
    shown = django_engine.from_string(
        "{% load links %}{{ pk|route:'scheduling:move' }} {{ p|route:'patients:detail' }}"
    ).render({"pk": 42, "p": "P-AB<&"})
    assert shown == (
        django_engine.from_string(
            "{% url 'scheduling:move' 42 %} {% url 'patients:detail' 'P-AB<&' %}"
        ).render({})
    )


def test_the_routes_kept_stay_bounded_whatever_script_prefixes_come() -> None:
    from django.urls import clear_script_prefix, set_script_prefix

    from mesodesk.accounts import links

    try:
        for n in range(links._MAKERS_KEPT + 10):
            set_script_prefix(f"/p{n}/")
            assert links.link("patients:detail", "P-1") == f"/p{n}/patients/P-1/"
    finally:
        clear_script_prefix()
    assert len(links._MAKERS) <= links._MAKERS_KEPT
