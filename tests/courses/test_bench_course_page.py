"""bench/course_page.py at a tiny size, so it cannot rot (issue 15: benchmarks never run in
`make test`, a tiny run of each does). It asserts what it prints, never a time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_course_page_benchmark_runs_and_prints_both_pages(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["MESODESK_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "course_page.py"), "60", "2"],
        env=env, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    assert "course page" in done.stdout and "patient page" in done.stdout
    assert "course page / patient page (p50):" in done.stdout
