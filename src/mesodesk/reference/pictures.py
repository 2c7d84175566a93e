"""SVG pictures for the knowledge pages: the skin layers with each technique's depth band,
and a course plan as a timeline. Plain functions of the knowledge base; no Django."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from mesodesk.knowledge.model import DepthClass, Technique

_LAYER_COLOURS = {"ied": "#f6e0d0", "ids": "#f0c9b0", "idp": "#e7b190", "ihd": "#f7ecc0"}
_BAND = "#0b6e6e"


def skin_layers_svg(techniques: tuple[Technique, ...], depth_classes: tuple[DepthClass, ...]) -> str:
    """Depth runs downwards, 0 to the deepest technique's bound; one column per technique."""
    deepest = max(t.depth_max_mm for t in techniques)
    top, label_w, col_w, height = 30, 230, 112, 420
    width = label_w + col_w * len(techniques) + 20
    scale = (height - top - 10) / deepest

    def y(depth: float) -> float:
        return top + depth * scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 20}" role="img" '
        f'aria-labelledby="skin-title" width="100%">',
        '<title id="skin-title">Skin layers by depth, with the depth band of each injection technique</title>',
    ]
    for d in depth_classes:
        if d.depth_min_mm is None or d.depth_max_mm is None:
            continue
        y0, y1 = y(d.depth_min_mm), y(d.depth_max_mm)
        parts.append(
            f'<rect x="0" y="{y0:.1f}" width="{width}" height="{y1 - y0:.1f}" fill="{_LAYER_COLOURS.get(d.code, "#eee")}"/>'
        )
        parts.append(
            f'<text x="6" y="{(y0 + y1) / 2 + 5:.1f}" font-size="13">{escape(d.code.upper())} · '
            f"{d.depth_min_mm:g}–{d.depth_max_mm:g} mm</text>"
        )
    # Below the intra-hypodermic class the sources name no class; MPS goes dermo-hypodermic.
    last = max((d.depth_max_mm or 0) for d in depth_classes)
    parts.append(
        f'<rect x="0" y="{y(last):.1f}" width="{width}" height="{y(deepest) - y(last):.1f}" fill="#fbf6e4"/>'
    )
    parts.append(f'<text x="6" y="{y(last) + 18:.1f}" font-size="13">deeper hypodermis</text>')
    for mm in range(0, int(deepest) + 1):
        parts.append(
            f'<line x1="{label_w - 20}" x2="{label_w - 12}" y1="{y(mm):.1f}" y2="{y(mm):.1f}" stroke="#555"/>'
        )
        if mm % 2 == 0 or mm == 1:
            parts.append(
                f'<text x="{label_w - 24}" y="{y(mm) + 4:.1f}" font-size="11" text-anchor="end">{mm} mm</text>'
            )
    for i, t in enumerate(techniques):
        x = label_w + i * col_w
        y0, y1 = y(t.depth_min_mm), y(t.depth_max_mm)
        parts.append(
            f"<g><title>{escape(t.name)}: {escape(t.depth_label)}</title>"
            f'<rect x="{x + 28}" y="{y0:.1f}" width="30" height="{max(y1 - y0, 2):.1f}" rx="4" fill="{_BAND}"/></g>'
        )
        parts.append(f'<text x="{x + 43}" y="18" font-size="13" text-anchor="middle">{escape(t.code)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def course_timeline_svg(title: str, sessions: Sequence[Any], done: frozenset[int] = frozenset()) -> str:
    """Sessions on a day axis: each window as a bar, each due date as a dot (filled when done).

    `sessions` have number, date (or due), earliest and latest: planned or stored ones."""
    dated = [(s.number, getattr(s, "date", None) or s.due, s.earliest, s.latest) for s in sessions]
    start: datetime.date = dated[0][1]
    end: datetime.date = max(latest for _, _, _, latest in dated)
    days = max((end - start).days, 1)
    left, width, row = 60, 760, 26
    height = row * len(dated) + 50
    scale: float = (width - left - 20) / days

    def x(day: datetime.date) -> float:
        return left + (day - start).days * scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" width="100%" '
        f"aria-label={quoteattr(title)}>",
        f"<title>{escape(title)}</title>",
    ]
    for week in range(0, days // 7 + 1, 4 if days > 120 else 1):
        wx = left + week * 7 * scale
        parts.append(f'<line x1="{wx:.1f}" x2="{wx:.1f}" y1="10" y2="{height - 30}" stroke="#dde"/>')
        parts.append(
            f'<text x="{wx:.1f}" y="{height - 12}" font-size="11" text-anchor="middle">w{week}</text>'
        )
    for i, (number, due, earliest, latest) in enumerate(dated):
        cy = 22 + i * row
        fill = _BAND if number in done else "#ffffff"
        parts.append(f'<text x="6" y="{cy + 4}" font-size="12">#{number}</text>')
        parts.append(
            f'<rect x="{x(earliest):.1f}" y="{cy - 6}" width="{max(x(latest) - x(earliest), 3):.1f}" '
            f'height="12" rx="6" fill="#cfe6e6"><title>Session {number}: {earliest} to {latest}</title></rect>'
        )
        parts.append(
            f'<circle cx="{x(due):.1f}" cy="{cy}" r="5" fill="{fill}" stroke="{_BAND}" stroke-width="2">'
            f"<title>Session {number} due {due}{' (done)' if number in done else ''}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)
