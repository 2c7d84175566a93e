"""Each benchmark runs at its smallest size, prints its figures and writes its JSON, so none
rots between `make bench` runs. Only the shape is checked, never a time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"name", "machine", "tiny", "started_at", "seconds", "figures", "ratios", "notes"}


def run_tiny(script: str, tmp_path: Path) -> tuple[str, dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MESODESK_VAR_DIR")}
    env.update(BENCH_TINY="1", BENCH_RESULTS_DIR=str(tmp_path / "results"), BENCH_PORT="0",
               MESODESK_VAR_DIR=str(tmp_path / "var"))  # fmt: skip
    done = subprocess.run(  # noqa: S603 - our own scripts
        [sys.executable, str(ROOT / "bench" / f"{script}.py")],
        env=env, capture_output=True, text=True, timeout=600, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads((tmp_path / "results" / f"{script}.json").read_text())
    assert set(result) == KEYS
    assert result["name"] == script and result["tiny"] is True
    assert result["machine"]["nproc"] >= 1 and result["machine"]["python"]
    return done.stdout, result


def test_screening_prints_its_rates_and_the_ratio_to_the_target(tmp_path: Path) -> None:
    out, result = run_tiny("screening", tmp_path)
    assert "screenings/s against the target" in out
    assert result["figures"]["screen_per_second"] > 0
    assert set(result["ratios"]) == {"screen_to_target"}


def test_cli_startup_compares_each_command_with_bare_python(tmp_path: Path) -> None:
    out, result = run_tiny("cli_startup", tmp_path)
    assert "python -c pass" in out
    assert set(result["ratios"]) == {"screen_to_python", "plan_to_python", "chart_check_to_python"}


def test_floors_measure_three_servers_over_http(tmp_path: Path) -> None:
    out, result = run_tiny("floors", tmp_path)
    for floor in ("wsgi_hello", "django_bare", "signed_in"):
        assert floor in out
        assert set(result["figures"][floor]) == {"requests", "concurrency", "p50_ms", "p95_ms", "per_second"}
    assert set(result["ratios"]) == {"django_bare_to_wsgi", "signed_in_to_wsgi", "signed_in_to_django_bare"}


PAGES = ("patient", "course", "calendar_week", "dashboard", "patient_search")


@pytest.mark.parametrize("page", PAGES)
def test_pages_run_the_same_queries_at_both_sizes(page: str, tmp_path_factory: Any) -> None:
    result = _pages(tmp_path_factory)
    small, large = result["figures"][f"small_{page}"], result["figures"][f"large_{page}"]
    # The dashboard's audit of the patients it names writes the first row alone and the rest in
    # one batch: naming one patient or several differs by one INSERT, never more.
    slack = 1 if page == "dashboard" else 0
    assert small["queries"] > 0
    assert small["queries"] <= large["queries"] <= small["queries"] + slack
    assert f"{page}_p50_large_to_small" in result["ratios"]


_cached: dict[str, Any] = {}


def _pages(tmp_path_factory: Any) -> dict[str, Any]:
    if "pages" not in _cached:
        _out, _cached["pages"] = run_tiny("pages", tmp_path_factory.mktemp("pages"))
    return _cached["pages"]


def test_the_plot_draws_the_pages_from_their_json(tmp_path_factory: Any, tmp_path: Path) -> None:
    result = _pages(tmp_path_factory)
    (tmp_path / "pages.json").write_text(json.dumps(result))
    svg = tmp_path / "plot.svg"
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "bench" / "plot.py"), str(tmp_path), str(svg)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = svg.read_text()
    assert text.startswith("<svg") and all(page.replace("_", " ") in text for page in PAGES)


def test_hot_pages_print_cpu_queries_and_calls_per_request(tmp_path: Path) -> None:
    out, result = run_tiny("hot", tmp_path)
    assert "CPU ms/request" in out
    for page in ("dashboard", "calendar", "patient_search", "patient", "api_patient", "audit"):
        figures = result["figures"][page]
        assert set(figures) == {"cpu_ms", "queries", "calls"}
        assert figures["queries"] > 0 and figures["calls"] > 0


def test_api_list_prints_what_a_listed_row_costs(tmp_path: Path) -> None:
    out, result = run_tiny("api_list", tmp_path)
    assert "Python calls per row listed" in out
    for request in ("list_25", "search_25", "list_200", "read"):
        assert set(result["figures"][request]) == {"cpu_ms", "calls", "queries"}
    # a listed row costs tens of calls, not none and not thousands (the per-row rendering)
    assert 5 < result["figures"]["calls_per_row"] < 1000


def test_recall_times_the_selector_against_raw_sql_on_the_same_rows(tmp_path: Path) -> None:
    out, result = run_tiny("recall", tmp_path)
    assert "raw SQL, same rows" in out
    figures = result["figures"]
    assert figures["selector_rows"] == figures["raw_rows"] > 0
    assert set(result["ratios"]) == {"selector_to_raw"}


def test_course_page_puts_a_long_course_beside_the_patient_page(tmp_path: Path) -> None:
    out, result = run_tiny("course_page", tmp_path)
    assert "course page / patient page" in out
    for page in ("course", "patient"):
        assert set(result["figures"][page]) == {"p50_ms", "p95_ms", "queries", "kilobytes"}
        assert result["figures"][page]["queries"] > 0
    assert set(result["ratios"]) == {"course_to_patient_p50"}


def test_the_dashboard_bench_measures_the_first_clinicians_dashboard(tmp_path: Path) -> None:
    out, result = run_tiny("dashboard", tmp_path)
    assert "Python calls per request, run 1" in out
    assert result["figures"]["calls_0"] > 0
    assert result["figures"]["queries"] > 0
    assert result["figures"]["html_bytes"] > 0
