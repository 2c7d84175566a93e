"""The load scenario (bench/load/locustfile.py) for a few seconds, one user per role, against
the live test server: it cannot rot. Every route it names answers, none fails; the figures
are `make load`'s (docs/reliability.md), never asserted here."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from mesodesk.demo.clinics import DEMO_PASSWORD, DEMO_TOTP_KEY
from tests.live import MESODESK

ROOT = Path(__file__).resolve().parents[2]
LOCUST = str(Path(sys.executable).parent / "locust")
ROUTES = {
    "/ (dashboard)", "/patients/?q=", "/patients/[id]/", "/charting/appointments/[id]/", "/calendar/",
    "/calendar/events/", "/api/v1/appointments (book)", "/api/v1/appointments/[id]/cancel",
    "/administration/audit/", "/api/v1/patients?q=", "/api/v1/patients/[id]", "/api/v1/appointments",
}  # fmt: skip


def test_one_user_of_each_role_runs_every_task_without_a_failure(
    live_server_url: str, live_env: dict[str, str], tmp_path: Path
) -> None:
    token = subprocess.run(
        [MESODESK, "manage", "api_token", "create", "bellecour-clinician", "bellecour", "--name", "load-test"],
        env=live_env, check=True, capture_output=True, text=True, timeout=300,
    ).stdout.strip()  # fmt: skip
    env = {
        **os.environ, "MESODESK_LOAD_TOKEN": token, "MESODESK_LOAD_ONE_EACH": "1",
        "MESODESK_DEMO_PASSWORD": DEMO_PASSWORD, "MESODESK_DEMO_TOTP_KEY": DEMO_TOTP_KEY,
    }  # fmt: skip
    run = subprocess.run(
        [LOCUST, "-f", str(ROOT / "bench/load/locustfile.py"), "--headless", "--only-summary",
         "-u", "4", "-r", "4", "-t", "20s", "--host", live_server_url, "--csv", str(tmp_path / "load")],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    with (tmp_path / "load_stats.csv").open() as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    failures = {name: row["Failure Count"] for name, row in rows.items() if row["Failure Count"] != "0"}
    assert failures == {}, run.stderr[-3000:]
    assert {name for name, row in rows.items() if int(row["Request Count"]) > 0} >= ROUTES
