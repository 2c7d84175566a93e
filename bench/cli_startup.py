"""Whole-process time of `mesodesk screen` as a ratio to bare `python -c pass`.

A clinic's script calls the CLI in a loop, so start-up is most of its cost. Prints medians of
repeated runs and their ratios to bare Python (the target is within 2x; nothing is asserted);
writes bench/results/cli_startup.json.
Run: .venv/bin/python bench/cli_startup.py   (BENCH_TINY=1: three runs each, for the tests)
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

RUNS = 3 if harness.TINY else 41
MESODESK = str(Path(sys.executable).parent / "mesodesk")


def median_ms(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)  # noqa: S603 - our own commands
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    run = harness.Run("cli_startup")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"age": 41, "indication": "hair_loss", "formulation": "mesohair", "allergies": ["procaine"],
                   "conditions": ["herpes_tendency"], "medications": ["aspirin"]}, handle)  # fmt: skip
    chart = Path(handle.name + ".chart")
    chart.write_text('{"date": "2027-02-01"}')
    bare = median_ms([sys.executable, "-c", "pass"])
    run.figure("python_ms", round(bare, 1), "python -c pass", "ms")
    for key, label, command in (
        ("screen", "mesodesk screen FILE", [MESODESK, "screen", handle.name]),
        ("plan", "mesodesk plan --protocol hair_loss_8 --start ...",
         [MESODESK, "plan", "--protocol", "hair_loss_8", "--start", "2027-01-04"]),
        ("chart_check", "mesodesk chart-check FILE (empty chart)", [MESODESK, "chart-check", str(chart)]),
    ):  # fmt: skip
        took = median_ms(command)
        run.figure(f"{key}_ms", round(took, 1), label, "ms")
        run.ratio(f"{key}_to_python", took / bare, f"  {key}: against bare Python (target <= 2x)")
    run.write()


if __name__ == "__main__":
    main()
