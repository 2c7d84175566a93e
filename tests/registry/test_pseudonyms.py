"""The registry's pure rules: the keyed pseudonym, the age band, the suppressed cell."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from mesodesk.clinic.registry import (
    SUPPRESSED,
    age_band,
    clinic_code,
    keyed_pseudonym,
    pseudonym_label,
    suppressed,
)

ids = st.integers(min_value=1, max_value=2**40)
keys = st.text(min_size=8, max_size=40)


@given(key=keys, identifier=ids)
def test_a_pseudonym_is_stable_under_one_key(key: str, identifier: int) -> None:
    assert keyed_pseudonym(key, "patient", identifier) == keyed_pseudonym(key, "patient", identifier)


@given(key=keys, other=keys, identifier=ids)
def test_another_key_gives_another_pseudonym(key: str, other: str, identifier: int) -> None:
    if key != other:
        assert keyed_pseudonym(key, "patient", identifier) != keyed_pseudonym(other, "patient", identifier)


@given(key=keys, identifier=ids)
def test_a_pseudonym_is_not_the_id_and_fits_a_bigint(key: str, identifier: int) -> None:
    number = keyed_pseudonym(key, "patient", identifier)
    assert 0 <= number < 2**63
    assert number != identifier
    assert pseudonym_label(number).startswith("R-")


def test_two_patients_get_two_pseudonyms_and_a_course_is_not_its_patient() -> None:
    assert keyed_pseudonym("k" * 16, "patient", 1) != keyed_pseudonym("k" * 16, "patient", 2)
    assert keyed_pseudonym("k" * 16, "patient", 1) != keyed_pseudonym("k" * 16, "course", 1)


@given(born=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31)))
def test_the_age_band_holds_the_age(born: datetime.date) -> None:
    on = datetime.date(2025, 6, 30)
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    band = age_band(born, on)
    if band == "<18":
        assert age < 18
    elif band == "70+":
        assert age >= 70
    else:
        low, high = map(int, band.split("-"))
        assert low <= age <= high


def test_the_band_changes_on_the_birthday_not_before() -> None:
    born = datetime.date(1995, 7, 1)
    assert age_band(born, datetime.date(2025, 6, 30)) == "18-29"
    assert age_band(born, datetime.date(2025, 7, 1)) == "30-39"


@given(patients=st.integers(min_value=0, max_value=10_000))
def test_one_to_four_patients_are_never_shown(patients: int) -> None:
    shown = suppressed(patients)
    assert shown == (SUPPRESSED if 1 <= patients <= 4 else patients)


def test_a_statistic_on_few_patients_is_suppressed_too() -> None:
    assert suppressed(3, 17.5) == SUPPRESSED
    assert suppressed(5, 17.5) == 17.5


def test_clinics_are_codes() -> None:
    assert [clinic_code(i) for i in range(3)] == ["C01", "C02", "C03"]
