"""bench/patient_search.py at a tiny size, so it cannot rot (issue 15). Asserts what it
prints, never a time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_patient_search_benchmark_runs_and_finds_the_accented_names(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["MESODESK_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "patient_search.py"), "300"],
        env=env, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    assert "300 patients" in done.stdout
    muller = next(line for line in done.stdout.splitlines() if "'muller'" in line)
    assert "(0 shown" not in muller
