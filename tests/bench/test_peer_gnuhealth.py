"""The GNU Health side-by-side benchmark cannot rot: its mesodesk half runs at a tiny size here
(GNU Health itself is installed only by `make bench-peer`, not in CI) and must report every
operation it measures. No time is asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "peers" / "gnuhealth.py"


def test_mesodesk_half_reports_each_operation(tmp_path: Path) -> None:
    output = tmp_path / "peer.json"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--mesodesk-only", "--sqlite", "--patients", "6", "--repeat", "3",
         "--output", str(output)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(output.read_text())
    for operation in ("create", "search", "open"):
        row = report["mesodesk"][operation]
        assert row["count"] == (6 if operation == "create" else 3)
        assert row["per_second"] > 0 and row["p95_ms"] >= row["p50_ms"] > 0
        assert operation in run.stdout
    assert "gnuhealth" not in report
