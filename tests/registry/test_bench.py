"""bench/registry.py at a tiny size: it generates the dataset, runs the report and the raw
query over the same data, and writes its figures (no wall time is asserted)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "registry.py"


def test_the_benchmark_runs_at_a_tiny_size_and_the_counts_agree(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("registry_bench", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    figures = bench.main(["--size", "3000", "--output", str(tmp_path / "registry.json")])
    written = json.loads((tmp_path / "registry.json").read_text())
    assert written == figures
    assert figures["rows"]["sessions"] == 3000
    assert figures["counts_agree"] is True
    assert figures["sessions_in_year_report"] == figures["sessions_in_year_raw"] > 0
