from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesodesk.clinic.errors import InputError
from mesodesk.clinic.screening import screen
from tests.clinic.strategies import CONDITIONS, INGREDIENTS, KB, screening_inputs

VERDICT_RANK = {"contraindicated": 0, "caution": 1, "eligible": 2}
SOURCE_IDS = {
    "000_2004ee61f8bd4b5f",
    "001_cf621734e6c636d2",
    "002_f92b52b170801ca0",
    "003_2731458d19abe466",
    "004_ef11466bcf6726aa",
}


def codes(result: dict[str, Any]) -> set[str]:
    return {f["code"] for f in result["findings"]}


# -- properties -------------------------------------------------------------


@given(screening_inputs(), st.sampled_from(CONDITIONS))
def test_adding_a_condition_never_improves_the_verdict(data: dict[str, Any], extra: str) -> None:
    before = screen(data, KB)["verdict"]
    after = screen({**data, "conditions": [*data.get("conditions", []), extra]}, KB)["verdict"]
    assert VERDICT_RANK[after] <= VERDICT_RANK[before]


@given(screening_inputs(), st.sampled_from(INGREDIENTS))
def test_adding_an_allergy_never_improves_the_verdict(data: dict[str, Any], extra: str) -> None:
    before = screen(data, KB)["verdict"]
    after = screen({**data, "allergies": [*data.get("allergies", []), extra]}, KB)["verdict"]
    assert VERDICT_RANK[after] <= VERDICT_RANK[before]


@given(screening_inputs())
def test_every_finding_cites_a_known_source_and_none_cites_the_unreliable_one(
    data: dict[str, Any],
) -> None:
    for finding in screen(data, KB)["findings"]:
        assert finding["sources"], finding
        assert set(finding["sources"]) <= SOURCE_IDS - {"000_2004ee61f8bd4b5f"}


@given(screening_inputs())
def test_the_verdict_follows_the_contract_rule_from_the_findings(data: dict[str, Any]) -> None:
    result = screen(data, KB)
    severities = {f["severity"] for f in result["findings"]}
    expected = (
        "contraindicated"
        if "absolute" in severities
        else "caution"
        if "relative" in severities
        else "eligible"
    )
    assert result["verdict"] == expected


@given(screening_inputs())
def test_each_given_condition_appears_as_a_finding_with_its_contract_severity(
    data: dict[str, Any],
) -> None:
    result = screen(data, KB)
    by_code = {f["code"]: f["severity"] for f in result["findings"]}
    for condition in data.get("conditions", []):
        assert by_code[condition] == KB.contraindication_by_code[condition].severity


# -- one example per contraindication code ---------------------------------

ABSOLUTE = [
    "pregnancy", "multi_allergy", "hypertrophic_scarring", "pigment_disorder", "active_autoimmune",
    "severe_cardiovascular", "severe_metabolic", "acute_infection", "acute_inflammatory_dermatosis", "epilepsy",
]  # fmt: skip
RELATIVE = [
    "psoriasis",
    "neurodermatitis",
    "bleeding_disorder",
    "herpes_tendency",
    "dysmorphophobia",
]


@pytest.mark.parametrize("code", ABSOLUTE)
def test_an_absolute_condition_contraindicates(code: str) -> None:
    result = screen({"age": 40, "indication": "skin_rejuvenation", "conditions": [code]}, KB)
    assert result["verdict"] == "contraindicated"
    assert {"code": code, "severity": "absolute"}.items() <= result["findings"][0].items()


@pytest.mark.parametrize("code", RELATIVE)
def test_a_relative_condition_calls_for_caution(code: str) -> None:
    result = screen({"age": 40, "indication": "skin_rejuvenation", "conditions": [code]}, KB)
    assert result["verdict"] == "caution"
    assert code in codes(result)


def test_a_healthy_adult_with_a_known_formulation_is_eligible() -> None:
    result = screen({"age": 40, "indication": "skin_rejuvenation", "formulation": "mesolift"}, KB)
    assert result == {"verdict": "eligible", "findings": []}


@pytest.mark.parametrize(
    ("age", "verdict"),
    [(17, "contraindicated"), (18, "eligible"), (19, "eligible"), (0, "contraindicated")],
)
def test_adulthood_begins_at_exactly_18(age: int, verdict: str) -> None:
    result = screen({"age": age, "indication": "wrinkles"}, KB)
    assert result["verdict"] == verdict
    assert ("under_18" in codes(result)) is (age < 18)


def test_an_allergy_to_an_ingredient_of_the_catalyst_contraindicates_both_formulations() -> None:
    for formulation in ("mesolift", "mesohair"):
        result = screen(
            {
                "age": 40,
                "indication": "hair_loss",
                "formulation": formulation,
                "allergies": ["rutin"],
            },
            KB,
        )
        assert result["verdict"] == "contraindicated"
        allergy = next(f for f in result["findings"] if f["code"] == "ingredient_allergy")
        assert "rutin (in its catalyst)" in allergy["message"]


def test_an_allergy_to_an_ingredient_the_formulation_lacks_is_no_finding() -> None:
    result = screen(
        {
            "age": 40,
            "indication": "skin_rejuvenation",
            "formulation": "mesolift",
            "allergies": ["procaine"],
        },
        KB,
    )
    assert "ingredient_allergy" not in codes(result)


def test_an_allergy_without_a_formulation_cannot_be_matched_yet() -> None:
    result = screen({"age": 40, "indication": "skin_rejuvenation", "allergies": ["dmae"]}, KB)
    assert result["verdict"] == "eligible"


def test_the_contract_example_gives_caution_with_its_advice() -> None:
    result = screen(
        {"age": 41, "sex": "female", "indication": "hair_loss", "formulation": "mesohair",
         "conditions": ["herpes_tendency"], "allergies": ["procaine"], "medications": ["aspirin"],
         "hair_loss_onset_months": 30, "expects_quick_results": False},
        KB,
    )  # fmt: skip
    assert result["verdict"] == "caution"
    assert codes(result) == {
        "herpes_tendency", "herpes_prophylaxis", "antiplatelet_washout",
        "hair_loss_onset_over_2_years", "formulation_composition_incomplete",
    }  # fmt: skip
    assert [f["severity"] for f in result["findings"]][0] == "relative"


@pytest.mark.parametrize("medication", ["aspirin", "nsaid", "dipyridamole"])
def test_antiplatelet_drugs_bring_the_48_hour_washout(medication: str) -> None:
    result = screen({"age": 40, "indication": "cellulite", "medications": [medication]}, KB)
    washout = next(f for f in result["findings"] if f["code"] == "antiplatelet_washout")
    assert washout["severity"] == "advice" and "48 hours" in washout["message"]
    assert result["verdict"] == "eligible"


@pytest.mark.parametrize(("months", "advised"), [(24, False), (25, True)])
def test_hair_loss_past_two_years_is_advised(months: int, advised: bool) -> None:
    result = screen({"age": 40, "indication": "hair_loss", "hair_loss_onset_months": months}, KB)
    assert ("hair_loss_onset_over_2_years" in codes(result)) is advised


def test_onset_is_ignored_for_other_indications() -> None:
    result = screen({"age": 40, "indication": "wrinkles", "hair_loss_onset_months": 100}, KB)
    assert result["findings"] == []


def test_expecting_quick_results_is_advice() -> None:
    result = screen({"age": 40, "indication": "wrinkles", "expects_quick_results": True}, KB)
    assert codes(result) == {"expects_quick_results"} and result["verdict"] == "eligible"


def test_male_hair_loss_brings_the_expectations_advice() -> None:
    result = screen({"age": 30, "sex": "male", "indication": "hair_loss"}, KB)
    assert codes(result) == {"hair_loss_male_expectations"}


def test_an_indication_the_sources_contraindicate_is_itself_contraindicated() -> None:
    result = screen({"age": 40, "indication": "vitiligo"}, KB)
    assert result["verdict"] == "contraindicated"
    assert codes(result) == {"pigment_disorder"}


# -- bad input: one per field ----------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"indication": "wrinkles"}, "age"),
        ({"age": 40}, "indication"),
        ({"age": "40", "indication": "wrinkles"}, "age"),
        ({"age": 40.5, "indication": "wrinkles"}, "age"),
        ({"age": True, "indication": "wrinkles"}, "age"),
        ({"age": 131, "indication": "wrinkles"}, "age"),
        ({"age": -1, "indication": "wrinkles"}, "age"),
        ({"age": 40, "indication": "botox"}, "indication"),
        ({"age": 40, "indication": "wrinkles", "sex": "f"}, "sex"),
        ({"age": 40, "indication": "wrinkles", "formulation": "mesofat"}, "formulation"),
        ({"age": 40, "indication": "wrinkles", "conditions": ["diabetes"]}, "conditions[0]"),
        ({"age": 40, "indication": "wrinkles", "conditions": "pregnancy"}, "conditions"),
        (
            {"age": 40, "indication": "wrinkles", "conditions": ["antiplatelet_washout"]},
            "conditions[0]",
        ),
        ({"age": 40, "indication": "wrinkles", "allergies": ["rutin", "peanut"]}, "allergies[1]"),
        ({"age": 40, "indication": "wrinkles", "medications": ["warfarin 5 mg"]}, "medications[0]"),
        ({"age": 40, "indication": "wrinkles", "medications": ["aspirin", "vitamin c"]}, "medications[1]"),
        ({"age": 40, "indication": "wrinkles", "medications": ["massage"]}, "medications[0]"),
        (
            {"age": 40, "indication": "wrinkles", "hair_loss_onset_months": -3},
            "hair_loss_onset_months",
        ),
        (
            {"age": 40, "indication": "wrinkles", "expects_quick_results": "no"},
            "expects_quick_results",
        ),
        ({"age": 40, "indication": "wrinkles", "alergies": []}, "alergies"),
    ],
)
def test_bad_input_names_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as error:
        screen(data, KB)
    assert error.value.field == field


def test_input_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(InputError) as error:
        screen([1, 2], KB)
    assert error.value.field == "input"


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("ibuprofen", {"nsaid"}),
        ("Kardegic", {"aspirin"}),
        ("  XARELTO ", {"anticoagulant"}),
        ("Asasantin", {"aspirin", "dipyridamole"}),
        ("aspirin", {"aspirin"}),
    ],
)
def test_the_contract_reads_a_medicine_by_its_generic_or_brand_name_as_the_intake_does(
    name: str, codes: set[str]
) -> None:
    from mesodesk.clinic.screening import parse_patient

    patient = parse_patient({"age": 40, "indication": "wrinkles", "medications": [name]}, KB)
    assert patient.medications == codes


@given(st.sampled_from([m for m in KB.medications]), st.data())
def test_every_name_the_knowledge_base_lists_maps_to_its_class_in_any_case(
    medication: Any, data: Any
) -> None:
    from mesodesk.clinic.screening import parse_patient

    name = data.draw(st.sampled_from(medication.names))
    written = data.draw(st.sampled_from([name, name.upper(), name.title()]))
    patient = parse_patient({"age": 40, "indication": "wrinkles", "medications": [written]}, KB)
    assert medication.code in patient.medications
