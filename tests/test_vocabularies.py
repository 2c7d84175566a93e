"""A vocabulary the layers each need is the same everywhere it is written down."""

from __future__ import annotations

from typing import get_args

from mesodesk.accounts.api_schemas import SexCode
from mesodesk.clinic.screening import SEXES
from mesodesk.patients.models import Language, Sex


def test_the_sexes_of_the_contract_the_records_and_the_api_agree() -> None:
    assert set(Sex.values) == set(SEXES) == set(get_args(SexCode))


def test_a_patient_may_prefer_every_language_the_application_speaks() -> None:
    from django.conf import settings

    assert set(Language.values) == {code for code, _ in settings.LANGUAGES}
