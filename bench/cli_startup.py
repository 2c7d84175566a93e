"""Whole-process time of `mesodesk screen` as a ratio to bare `python -c pass`.

A clinic's script calls the CLI in a loop, so start-up is most of its cost.
Prints medians of repeated runs; asserts nothing (the target is within 2x).
Run: .venv/bin/python bench/cli_startup.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 41
MESODESK = str(Path(sys.executable).parent / "mesodesk")


def median_ms(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"age": 41, "indication": "hair_loss", "formulation": "mesohair", "allergies": ["procaine"],
                   "conditions": ["herpes_tendency"], "medications": ["aspirin"]}, handle)  # fmt: skip
    bare = median_ms([sys.executable, "-c", "pass"])
    print(f"{'python -c pass':52s} {bare:7.1f} ms")
    for label, command in (
        ("mesodesk screen FILE", [MESODESK, "screen", handle.name]),
        (
            "mesodesk plan --protocol hair_loss_8 --start ...",
            [MESODESK, "plan", "--protocol", "hair_loss_8", "--start", "2027-01-04"],
        ),
        ("mesodesk chart-check FILE (empty chart)", [MESODESK, "chart-check", handle.name + ".chart"]),
    ):
        if "chart-check" in label:
            Path(command[-1]).write_text('{"date": "2027-02-01"}')
        took = median_ms(command)
        print(f"{label:52s} {took:7.1f} ms   {took / bare:4.2f}x bare Python (target <= 2x)")


if __name__ == "__main__":
    main()
