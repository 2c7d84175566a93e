"""A tiny run of each API benchmark (bench/api_reads.py, bench/chart_check.py), so that they
cannot rot: they run to the end, over real HTTP, and write their figures. No time is asserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_bench(script: str, out: Path, tmp_path: Path, *args: str) -> dict[str, object]:
    env = {**os.environ, "MESODESK_VAR_DIR": str(tmp_path / "var")}
    env.pop("BENCH_DATABASE_URL", None)
    subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "bench" / script), "--out", str(out), *args],
        check=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        capture_output=True,
    )
    result: dict[str, object] = json.loads(out.read_text())
    return result


def test_the_api_reads_benchmark_runs_and_every_read_it_made_was_audited(tmp_path: Path) -> None:
    out = tmp_path / "api_reads.json"
    result = run_bench("api_reads.py", out, tmp_path, "--patients", "40", "--seconds", "0.3", "--rounds", "1")
    figures = result["connection_kept_600s"]
    assert isinstance(figures, dict)
    assert all(f["failures"] == 0 and f["requests"] > 0 for f in figures.values())
    assert figures["patient_read_token"]["queries"] < figures["patient_read_session"]["queries"]
    audit = result["audit"]
    assert isinstance(audit, dict)
    assert audit["reads_answered"] == audit["read_lines_written"] > 0
    assert set(result["ratios"]) >= {"patient_read_token_to_floor", "patient_read_kept_to_fresh_connection"}  # type: ignore[arg-type]


def test_the_chart_check_benchmark_runs_and_finds_what_the_old_check_found(tmp_path: Path) -> None:
    out = tmp_path / "chart_check.json"
    result = run_bench(
        "chart_check.py", out, tmp_path, "--seconds", "0.2", "--sizes", "60", "200", "--big", "2500"
    )
    before_after = result["before_after"]
    assert isinstance(before_after, dict)
    assert before_after["same_findings"] is True
    over_http = result["over_http"]
    assert isinstance(over_http, dict)
    assert over_http["60"]["failures"] == 0
    assert over_http["2500_refused"]["status"] == 422
    assert over_http["2500_refused"]["answer"]["field"] == "points"
