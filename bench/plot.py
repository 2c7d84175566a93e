"""How the pages grow with the data: an SVG bar chart drawn from bench/results/pages.json.

For each page, its p50 and p95 at the small and the large size (bench/pages.py), the 50 ms
target as a line, and the queries per request beside it. Plain SVG, no plotting library.
Run: .venv/bin/python bench/plot.py [RESULTS_DIR] [OUT.svg]   (defaults: bench/results,
bench/results/pages.svg). The documented plot is drawn from the reference run:
.venv/bin/python bench/plot.py bench/results/reference docs/performance-pages.svg
"""

from __future__ import annotations

import json
import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("patient", "course", "calendar_week", "dashboard", "patient_search")
SIZES = (("small", "#7fa7c9"), ("large", "#1f5f8b"))
TARGET_MS = 50.0
WIDTH, LEFT, BAR, GAP = 760, 150, 12, 18


def svg(result: dict) -> str:
    figures = result["figures"]
    data = {f"{size}_{page}": figures[f"{size}_{page}"] for page in PAGES for size, _ in SIZES}
    top = max(max(v["p95_ms"] for v in data.values()), TARGET_MS) * 1.1
    scale = (WIDTH - LEFT - 120) / top
    rows = []
    y = 40
    for page in PAGES:
        rows.append(f'<text x="8" y="{y + BAR + 4}" font-size="13">{escape(page.replace("_", " "))}</text>')
        for size, colour in SIZES:
            value = data[f"{size}_{page}"]
            p50, p95 = value["p50_ms"] * scale, value["p95_ms"] * scale
            rows.append(
                f'<rect x="{LEFT}" y="{y}" width="{p95:.1f}" height="{BAR}" fill="{colour}" opacity="0.35"/>'
            )
            rows.append(f'<rect x="{LEFT}" y="{y}" width="{p50:.1f}" height="{BAR}" fill="{colour}"/>')
            rows.append(
                f'<text x="{LEFT + p95 + 6:.1f}" y="{y + BAR - 2}" font-size="11">{size}: p50 {value["p50_ms"]:.0f}'
                f" / p95 {value['p95_ms']:.0f} ms, {value['queries']} queries</text>"
            )
            y += BAR + 3
        y += GAP
    target = LEFT + TARGET_MS * scale
    small, large = figures.get("small_data", {}), figures.get("large_data", {})
    title = (f"Pages over HTTP: small ({small.get('patients', '?'):,} patients, a course of "
             f"{small.get('long_course_sessions', '?'):,} sessions) and large ({large.get('patients', '?'):,}; "
             f"{large.get('long_course_sessions', '?'):,})")  # fmt: skip
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{y + 30}" font-family="DejaVu Sans, sans-serif">',
        f'<title>{escape(title)}</title>',
        f'<text x="8" y="20" font-size="13" font-weight="bold">{escape(title)}</text>',
        *rows,
        f'<line x1="{target:.1f}" y1="30" x2="{target:.1f}" y2="{y}" stroke="#b00" stroke-dasharray="4 3"/>',
        f'<text x="{target + 4:.1f}" y="{y + 14}" font-size="11" fill="#b00">target p95 {TARGET_MS:.0f} ms</text>',
        f'<text x="8" y="{y + 14}" font-size="11">dark: p50, light: p95</text>',
        "</svg>",
        "",
    ])  # fmt: skip


def main() -> None:
    results = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "results"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else results / "pages.svg"
    source = results / "pages.json"
    if not source.exists():
        print(f"no {source}: run bench/pages.py first")
        return
    out.write_text(svg(json.loads(source.read_text())))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
