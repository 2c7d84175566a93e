"""The GNU Health side-by-side benchmark cannot rot: its mesodesk half runs at a tiny size here
(GNU Health itself is installed only by `make bench-peer`, not in CI) and must report every
operation it measures, with the server's processor time and the concurrent reads. No time is
asserted."""

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
    for operation in ("create", "search", "open", "open_two_calls"):
        row = report["mesodesk"][operation]
        assert row["count"] == (6 if operation == "create" else 3)
        assert row["per_second"] > 0 and row["p95_ms"] >= row["p50_ms"] > 0
        # The server's processor time per operation is read from /proc (a few ticks, maybe 0).
        assert row["cpu_ms_per_op"] >= row["server_cpu_ms_per_op"] >= 0
        assert operation in run.stdout
    for operation in ("search", "open", "open_two_calls"):
        row = report["mesodesk"]["concurrent"][operation]
        assert (row["count"], row["clients"]) == (12, 4) and row["per_second"] > 0
    assert "gnuhealth" not in report
