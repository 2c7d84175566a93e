"""In-process screening throughput: how many patients the clinical core screens a second.

Prints figures and the ratio to the target (>= 50,000 a second, read by a person; nothing is
asserted); writes bench/results/screening.json.
Run: .venv/bin/python bench/screening.py   (BENCH_TINY=1: a few patients, for the tests)
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from mesodesk.clinic.charting import chart_check  # noqa: E402
from mesodesk.clinic.screening import parse_patient, screen, screen_patient  # noqa: E402
from mesodesk.knowledge.loader import load_knowledge  # noqa: E402

TARGET_PER_SECOND = 50_000
PATIENTS, REPEAT = (500, 1) if harness.TINY else (20_000, 5)


def patients(count: int, seed: int = 7) -> list[dict[str, Any]]:
    kb = load_knowledge()
    rng = random.Random(seed)
    conditions, ingredients = sorted(kb.condition_codes), sorted(kb.ingredient_codes)
    made = []
    for _ in range(count):
        data: dict[str, Any] = {
            "age": rng.randint(14, 90),
            "indication": rng.choice(sorted(kb.indication_by_code)),
        }
        if rng.random() < 0.7:
            data["formulation"] = rng.choice(sorted(kb.formulation_by_code))
        data["conditions"] = rng.sample(conditions, rng.randint(0, 3))
        data["allergies"] = rng.sample(ingredients, rng.randint(0, 2))
        data["medications"] = rng.sample(sorted(kb.medication_by_code), rng.randint(0, 1))
        data["hair_loss_onset_months"] = rng.randint(0, 60)
        made.append(data)
    return made


def rate(label: str, work: Any, items: list[Any], repeat: int = REPEAT) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            work(item)
        best = min(best, time.perf_counter() - start)
    per_second = len(items) / best
    print(f"{label:60s} {per_second:12,.0f} /s   {best / len(items) * 1e6:7.2f} µs each")
    return per_second


def main() -> None:
    run = harness.Run("screening")
    rules = load_knowledge()
    data = patients(PATIENTS)
    parsed = [parse_patient(d, rules) for d in data]
    full = rate("screen (JSON-shaped in and out, as the CLI/API)", lambda d: screen(d, rules), data)
    run.figures["screen_per_second"] = round(full)
    run.figures["screen_patient_per_second"] = round(
        rate("screen_patient (already-parsed patient)", lambda p: screen_patient(p, rules), parsed)
    )
    chart = {
        "date": "2027-02-01",
        "patient": {"allergies": ["rutin"]},
        "products": [{"formulation": "mesolift", "lot": "L1", "expires": "2027-06-30"}],
        "points": [
            {"technique": "point_by_point", "depth_mm": 4, "volume_ml": 0.05,
             "needle": {"gauge": 30, "length_mm": 6}, "x_cm": i % 20 * 0.6, "y_cm": i // 20 * 0.6, "region": "face"}
            for i in range(300)
        ],
    }  # fmt: skip
    run.figures["chart_check_300_points_per_second"] = round(
        rate("chart_check, 300 points in one region", lambda c: chart_check(c, rules), [chart] * 20), 1
    )
    run.ratio(
        "screen_to_target", full / TARGET_PER_SECOND, f"screenings/s against the target {TARGET_PER_SECOND:,}"
    )
    run.write()


if __name__ == "__main__":
    main()
