"""Chart checks per second at 60 and 1,000 points, in-process and over HTTP on loopback, and
a 15,000-point chart checked with the spacing grid against the every-pair comparison it
replaced (`quadratic_spacing_findings`, the spacing tests' oracle, tests/clinic/spacing_oracle.py).

The charts are drawn from a seed: point-by-point injections about a centimetre apart over a
few regions (the one technique with a minimum spacing, so the spacing check has the most to
do), with some other techniques mixed in. Over HTTP the server is gunicorn as
`mesodesk serve` runs it, and a chart over the unauthenticated cap (2,000 points, 512 KiB)
is refused: the 15,000-point chart is sent once to show its answer.
Prints figures and ratios, writes bench/results/chart_check.json; asserts nothing.

Run: .venv/bin/python bench/chart_check.py [--seconds 3] [--big 15000] [--port P]
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import random
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(BENCH), str(ROOT), str(ROOT / "src")]

from tests.clinic.spacing_oracle import quadratic_spacing_findings  # noqa: E402

import harness  # noqa: E402
from mesodesk.clinic import charting  # noqa: E402
from mesodesk.clinic.charting import chart_check  # noqa: E402
from mesodesk.knowledge.loader import load_knowledge  # noqa: E402

REGIONS = ["face", "neck", "scalp", "décolleté", "hands"]


def chart(points: int, seed: int = 15) -> dict[str, Any]:
    rng = random.Random(seed)
    regions = REGIONS[: max(1, min(len(REGIONS), points // 300 + 1))]
    side = max(1, math.ceil(math.sqrt(points / len(regions))))
    drawn = []
    for i in range(points):
        technique = (
            "point_by_point" if rng.random() < 0.8 else rng.choice(["papule", "nappage", "mesoperfusion"])
        )
        depth = {"point_by_point": 4.0, "papule": 1.5, "nappage": 1.0, "mesoperfusion": 4.0}[technique]
        cell = i // len(regions)
        drawn.append(
            {
                "technique": technique,
                "depth_mm": depth,
                "volume_ml": 0.05,
                "needle": {"gauge": 30, "length_mm": 6},
                # a lattice 1 cm apart, shaken by up to 3 mm: now and then two points too near
                "x_cm": round(cell % side + rng.uniform(-0.3, 0.3), 3),
                "y_cm": round(cell // side + rng.uniform(-0.3, 0.3), 3),
                "region": regions[i % len(regions)],
            }
        )
    return {
        "date": "2027-02-01",
        "patient": {"allergies": ["lidocaine"]},
        "products": [{"formulation": "mesolift", "lot": "L123", "expires": "2027-06-30", "oily": False}],
        "points": drawn,
    }


def per_second(work: Any, seconds: float) -> float:
    work()  # warm
    count, began = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - began) < seconds:
        work()
        count += 1
    return count / elapsed


def in_process(sizes: list[int], seconds: float) -> dict[str, Any]:
    kb = load_knowledge()
    figures = {}
    for size in sizes:
        data = chart(size)
        figures[str(size)] = {"per_second": per_second(lambda d=data: chart_check(d, kb), seconds)}
    return figures


def before_after(points: int) -> dict[str, Any]:
    """One check of a big chart with the grid, then with the every-pair comparison."""
    kb = load_knowledge()
    data = chart(points)
    began = time.perf_counter()
    after = chart_check(data, kb)
    grid_seconds = time.perf_counter() - began
    grid = charting._spacing_findings
    charting._spacing_findings = quadratic_spacing_findings
    try:
        began = time.perf_counter()
        before = chart_check(data, kb)
        quadratic_seconds = time.perf_counter() - began
    finally:
        charting._spacing_findings = grid
    return {
        "points": points,
        "body_bytes": len(json.dumps(data).encode()),
        "grid_seconds": grid_seconds,
        "quadratic_seconds": quadratic_seconds,
        "speed_up": quadratic_seconds / grid_seconds if grid_seconds else 0.0,
        "same_findings": before == after,
        "spacing_warnings": sum(f["code"] == "spacing_below_min" for f in after["findings"]),
    }


def over_http(sizes: list[int], big: int, seconds: float, concurrency: int, port: int) -> dict[str, Any]:
    var_dir = Path(tempfile.mkdtemp(prefix="mesodesk-bench-chart-"))
    os.environ["MESODESK_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "floor_settings"
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    port = port or harness.free_port()
    command = harness.gunicorn("mesodesk.wsgi:application", port, pythonpath=str(BENCH))
    env = {"MESODESK_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "floor_settings"}
    headers = {"Content-Type": "application/json"}
    figures: dict[str, Any] = {}
    with harness.server(command, port, env) as address:
        base = f"http://{address}"
        for size in sizes:
            body = json.dumps(chart(size)).encode()
            run = harness.drive(
                address,
                lambda n, b=body: ("POST", "/api/v1/charts/check", headers, b),
                concurrency=concurrency,
                seconds=seconds,
            )
            figures[str(size)] = {
                "per_second": run.per_second,
                "p50_ms": run.p50_ms,
                "p95_ms": run.p95_ms,
                "failures": run.failures,
                "body_bytes": len(body),
            }
        body = json.dumps(chart(big)).encode()
        request = urllib.request.Request(f"{base}/api/v1/charts/check", body, headers)  # noqa: S310
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310 - our own loopback server
                status, text = answer.status, answer.read()
        except urllib.error.HTTPError as refused:
            status, text = refused.code, refused.read()
        figures[f"{big}_refused"] = {
            "status": status,
            "answer": json.loads(text),
            "seconds": time.perf_counter() - began,
            "body_bytes": len(body),
        }
    return figures


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--sizes", type=int, nargs="+", default=[60, 1000])
    parser.add_argument("--big", type=int, default=15_000, help="the chart checked before/after once")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "chart_check.json")
    args = parser.parse_args(argv)

    local = in_process(args.sizes, args.seconds)
    big = before_after(args.big)
    http = over_http(args.sizes, args.big, args.seconds, args.concurrency, args.port)
    result = {
        "benchmark": "chart_check",
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        },
        "in_process": local,
        "over_http": http,
        "before_after": big,
        "ratios": {
            f"http_to_in_process_{size}": http[str(size)]["per_second"] / local[str(size)]["per_second"]
            for size in args.sizes
        }
        | {f"grid_speed_up_{args.big}": big["speed_up"]},
    }
    print("Chart checks per second")
    for size in args.sizes:
        h = http[str(size)]
        print(
            f"  {size:6d} points: in-process {local[str(size)]['per_second']:9.1f}/s   "
            f"over HTTP {h['per_second']:8.1f}/s (p50 {h['p50_ms']:.1f} ms, p95 {h['p95_ms']:.1f} ms, "
            f"{h['body_bytes']:,} bytes)"
        )
    print(
        f"  {big['points']:,} points ({big['body_bytes']:,} bytes), one check in-process: grid "
        f"{big['grid_seconds']:.3f} s, every pair {big['quadratic_seconds']:.2f} s "
        f"({big['speed_up']:.0f}x; same findings: {big['same_findings']})"
    )
    refused = http[f"{args.big}_refused"]
    print(
        f"  {args.big:,} points over HTTP: {refused['status']} {refused['answer']} in {refused['seconds']:.3f} s"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return result


if __name__ == "__main__":
    main()
