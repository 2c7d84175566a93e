"""The `mesodesk` command as a clinic's script runs it: a real process, JSON out, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.clinic.test_charting import CONTRACT_EXAMPLE as CHART

MESODESK = str(Path(sys.executable).parent / "mesodesk")
SCREENING = {"age": 41, "sex": "female", "indication": "hair_loss", "formulation": "mesohair",
             "conditions": ["herpes_tendency"], "allergies": ["procaine"], "medications": ["aspirin"],
             "hair_loss_onset_months": 30, "expects_quick_results": False}  # fmt: skip


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([MESODESK, *args], input=stdin, capture_output=True, text=True, timeout=60)


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in (
        "kb export",
        "screen",
        "plan",
        "chart-check",
        "serve",
        "audit verify",
        "manage",
    ):
        assert command in result.stdout


def test_screen_reads_stdin_and_prints_the_verdict() -> None:
    result = run("screen", "-", stdin=json.dumps(SCREENING))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "caution"
    assert result.stderr == ""


def test_screen_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "patient.json"
    path.write_text(json.dumps({"age": 30, "indication": "wrinkles", "conditions": ["pregnancy"]}))
    result = run("screen", str(path))
    assert result.returncode == 0
    assert json.loads(result.stdout)["verdict"] == "contraindicated"


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        (("screen", "-"), '{"age": 41}', "indication"),
        (
            ("screen", "-"),
            '{"age": 41, "indication": "hair_loss", "allergies": ["nuts"]}',
            "allergies[0]",
        ),
        (("screen", "-"), "{not json", "input"),
        (("screen", "/nonexistent/patient.json"), None, "FILE"),
        (("screen",), None, "FILE"),
        (("plan", "--protocol", "hair_loss_8"), None, "start"),
        (("plan", "--protocol", "nope", "--start", "2027-01-04"), None, "protocol"),
        (("plan", "--protocol", "hair_loss_8", "--start", "2027-02-30"), None, "start"),
        (("plan", "--protocol", "hair_loss_8", "--start"), None, "start"),
        (("plan", "--weeks", "3"), None, "--weeks"),
        (
            ("chart-check", "-"),
            '{"date": "2027-02-01", "points": [{"technique": "laser"}]}',
            "points[0].technique",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field_and_nothing_on_stdout(
    args: tuple[str, ...], stdin: str | None, field: str
) -> None:
    result = run(*args, stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert f"bad input: {field}:" in result.stderr


def test_plan_prints_the_preview() -> None:
    result = run("plan", "--protocol", "hair_loss_8", "--start", "2027-01-04")
    assert result.returncode == 0
    plan = json.loads(result.stdout)
    assert plan["protocol"] == "hair_loss_8" and len(plan["sessions"]) == 8
    assert run("plan", "--protocol=hair_loss_8", "--start=2027-01-04").stdout == result.stdout


def test_chart_check_prints_findings() -> None:
    chart: dict[str, Any] = {
        **CHART,
        "products": [{**CHART["products"][0], "expires": "2027-01-01"}],
    }
    result = run("chart-check", "-", stdin=json.dumps(chart))
    assert result.returncode == 0
    assert json.loads(result.stdout)["ok"] is False


def test_kb_export_gives_the_whole_base_with_its_conflicts() -> None:
    result = run("kb", "export")
    assert result.returncode == 0
    kb = json.loads(result.stdout)
    for section in ("sources", "conflicts", "techniques", "depth_classes", "indications", "ingredients",
                    "formulations", "contraindications", "protocols", "pre_care", "after_care", "side_effects"):  # fmt: skip
        assert kb[section], section
    assert {s["reliability"] for s in kb["sources"]} == {"reliable", "mixed", "unreliable"}


def test_kb_check_validates_the_files() -> None:
    result = run("kb", "check")
    assert result.returncode == 0 and result.stdout.startswith("knowledge base valid")
    assert "stale" not in result.stdout


def test_an_internal_failure_exits_1(tmp_path: Path) -> None:
    # A knowledge directory that cannot be read is not the caller's fault.
    code = (
        "import sys; from mesodesk.knowledge import snapshot; snapshot.DATA_DIR = sys.argv[1];"
        "from mesodesk.cli import main; sys.exit(main(['screen', '-']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], input='{"age": 30, "indication": "acne"}',
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert "internal error" in result.stderr and result.stdout == ""
