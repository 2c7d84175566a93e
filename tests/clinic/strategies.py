"""Hypothesis strategies for the contracts' inputs, drawn from the real knowledge base."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from mesodesk.knowledge.loader import load_knowledge

KB = load_knowledge()
CONDITIONS = sorted(KB.condition_codes)
INGREDIENTS = sorted(KB.ingredient_codes)
INDICATIONS = sorted(KB.indication_by_code)
FORMULATIONS = sorted(KB.formulation_by_code)
MEDICATIONS = sorted(KB.medication_by_code)
TECHNIQUES = sorted(KB.technique_by_code)
PROTOCOLS = sorted(KB.protocol_by_code)


@st.composite
def screening_inputs(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {
        "age": draw(st.integers(0, 130)),
        "indication": draw(st.sampled_from(INDICATIONS)),
    }
    optional = {
        "sex": st.sampled_from(["female", "male", "other", "unknown"]),
        "formulation": st.sampled_from(FORMULATIONS),
        "conditions": st.lists(st.sampled_from(CONDITIONS), max_size=4),
        "allergies": st.lists(st.sampled_from(INGREDIENTS), max_size=3),
        "medications": st.lists(st.sampled_from(MEDICATIONS), max_size=2),
        "hair_loss_onset_months": st.integers(0, 600),
        "expects_quick_results": st.booleans(),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    return data


@st.composite
def chart_points(draw: st.DrawFn, regions: tuple[str, ...] = ("face", "scalp")) -> dict[str, Any]:
    return {
        "technique": draw(st.sampled_from(TECHNIQUES)),
        "depth_mm": draw(st.floats(0.05, 15, allow_nan=False)),
        "volume_ml": draw(st.floats(0, 0.3, allow_nan=False)),
        "needle": {
            "gauge": draw(st.integers(26, 32)),
            "length_mm": draw(st.sampled_from([4.0, 6.0, 13.0])),
        },
        "x_cm": draw(st.floats(0, 10, allow_nan=False)),
        "y_cm": draw(st.floats(0, 10, allow_nan=False)),
        "region": draw(st.sampled_from(regions)),
    }


@st.composite
def charts(draw: st.DrawFn) -> dict[str, Any]:
    products = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "formulation": st.sampled_from(FORMULATIONS),
                    "lot": st.text("ABCDEFGH0123456789", min_size=1, max_size=8),
                    "expires": st.dates().map(lambda d: d.isoformat()),
                    "oily": st.booleans(),
                }
            ),
            max_size=3,
        )
    )
    return {
        "date": draw(st.dates()).isoformat(),
        "patient": {"allergies": draw(st.lists(st.sampled_from(INGREDIENTS), max_size=2))},
        "products": products,
        "points": draw(st.lists(chart_points(), max_size=12)),
    }
