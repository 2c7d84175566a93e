"""SVG pictures for the knowledge pages: the skin layers with each technique's depth band,
and a course plan as a timeline. Plain functions of the knowledge base; no Django."""

from __future__ import annotations

import datetime
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from mesodesk.knowledge.model import DepthClass, Technique


@dataclass(frozen=True)
class SkinWords:
    """The skin picture's words in the reader's language (English by default): the caller
    translates them, so this module stays free of Django."""

    title: str = "Skin layers by depth, with the depth band of each injection technique"
    deeper: str = "deeper hypodermis"
    decimal: str = "."


@dataclass(frozen=True)
class TimelineWords:
    """A timeline's words, %-formatted with the named values shown in each default."""

    axis: str = "Weeks from the first session"
    window: str = "Session %(number)s: %(earliest)s to %(latest)s"
    due: str = "Session %(number)s due %(due)s"
    done: str = "Session %(number)s due %(due)s (done)"
    day: Callable[[datetime.date], str] = datetime.date.isoformat  # a date as the reader writes it


def _mm(value: float, decimal: str) -> str:
    return f"{value:g}".replace(".", decimal)


_LAYER_COLOURS = {"ied": "#f6e0d0", "ids": "#f0c9b0", "idp": "#e7b190", "ihd": "#f7ecc0"}
_BAND = "#0b6e6e"


def skin_layers_svg(
    techniques: tuple[Technique, ...],
    depth_classes: tuple[DepthClass, ...],
    names: Mapping[str, str] | None = None,
    depths: Mapping[str, str] | None = None,
    words: SkinWords = SkinWords(),  # noqa: B008 - frozen, so one shared default is safe
) -> str:
    """Depth runs downwards, 0 to the deepest technique's bound; one column per technique,
    headed by its name (`names`, by code) and with its depth range (`depths`) as a tooltip."""
    names = names or {}
    depths = depths or {}
    deepest = max(t.depth_max_mm for t in techniques)
    # A name wraps over as many lines as it needs above its column; the layers start below.
    headings = [textwrap.wrap(names.get(t.code, t.name), 16) for t in techniques]
    lines = max(len(h) for h in headings)
    top, label_w, col_w, height = 16 * lines + 14, 230, 112, 420 + 16 * (lines - 1)
    width = label_w + col_w * len(techniques) + 20
    scale = (height - top - 10) / deepest

    def y(depth: float) -> float:
        return top + depth * scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 20}" role="img" '
        f'aria-labelledby="skin-title" width="100%">',
        f'<title id="skin-title">{escape(words.title)}</title>',
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
            f"{_mm(d.depth_min_mm, words.decimal)}–{_mm(d.depth_max_mm, words.decimal)} mm</text>"
        )
    # Below the intra-hypodermic class the sources name no class; MPS goes dermo-hypodermic.
    last = max((d.depth_max_mm or 0) for d in depth_classes)
    parts.append(
        f'<rect x="0" y="{y(last):.1f}" width="{width}" height="{y(deepest) - y(last):.1f}" fill="#fbf6e4"/>'
    )
    parts.append(f'<text x="6" y="{y(last) + 18:.1f}" font-size="13">{escape(words.deeper)}</text>')
    for mm in range(0, int(deepest) + 1):
        parts.append(
            f'<line x1="{label_w - 20}" x2="{label_w - 12}" y1="{y(mm):.1f}" y2="{y(mm):.1f}" stroke="#555"/>'
        )
        if mm % 2 == 0 or mm == 1:
            parts.append(
                f'<text x="{label_w - 24}" y="{y(mm) + 4:.1f}" font-size="11" text-anchor="end">{mm} mm</text>'
            )
    for i, (t, heading) in enumerate(zip(techniques, headings, strict=True)):
        x = label_w + i * col_w
        y0, y1 = y(t.depth_min_mm), y(t.depth_max_mm)
        name = names.get(t.code, t.name)
        parts.append(
            f"<g><title>{escape(name)}: {escape(depths.get(t.code, t.depth_label))}</title>"
            f'<rect x="{x + 28}" y="{y0:.1f}" width="30" height="{max(y1 - y0, 2):.1f}" rx="4" fill="{_BAND}"/></g>'
        )
        # The code stays as an attribute (for tests and styling); a person reads the name.
        spans = "".join(
            f'<tspan x="{x + 43}" dy="{0 if n == 0 else 15}">{escape(line)}</tspan>'
            for n, line in enumerate(heading)
        )
        parts.append(
            f'<text data-code={quoteattr(t.code)} x="{x + 43}" y="16" font-size="12" text-anchor="middle">{spans}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def course_timeline_svg(
    title: str,
    sessions: Sequence[Any],
    done: frozenset[int] = frozenset(),
    words: TimelineWords = TimelineWords(),  # noqa: B008 - frozen, so one shared default is safe
) -> str:
    """Sessions on a day axis: each window as a bar, each due date as a dot (filled when done).

    `sessions` have number, date (or due), earliest and latest: planned or stored ones."""
    dated = [(s.number, getattr(s, "date", None) or s.due, s.earliest, s.latest) for s in sessions]
    start: datetime.date = dated[0][1]
    end: datetime.date = max(latest for _, _, _, latest in dated)
    days = max((end - start).days, 1)
    left, width, row = 60, 760, 26
    base = row * len(dated) + 20  # the bottom of the rows: the week numbers, then the axis' name, below
    height = base + 48
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
        parts.append(f'<line x1="{wx:.1f}" x2="{wx:.1f}" y1="10" y2="{base}" stroke="#dde"/>')
        parts.append(f'<text x="{wx:.1f}" y="{base + 18}" font-size="11" text-anchor="middle">{week}</text>')
    parts.append(
        f'<text x="{left + (width - left - 20) / 2:.1f}" y="{base + 40}" font-size="12" text-anchor="middle" '
        f'class="axis-name">{escape(words.axis)}</text>'
    )
    for i, (number, due, earliest, latest) in enumerate(dated):
        cy = 22 + i * row
        fill = _BAND if number in done else "#ffffff"
        window = words.window % {
            "number": number,
            "earliest": words.day(earliest),
            "latest": words.day(latest),
        }
        when = (words.done if number in done else words.due) % {"number": number, "due": words.day(due)}
        parts.append(f'<text x="6" y="{cy + 4}" font-size="12">#{number}</text>')
        parts.append(
            f'<rect x="{x(earliest):.1f}" y="{cy - 6}" width="{max(x(latest) - x(earliest), 3):.1f}" '
            f'height="12" rx="6" fill="#cfe6e6"><title>{escape(window)}</title></rect>'
        )
        parts.append(
            f'<circle cx="{x(due):.1f}" cy="{cy}" r="5" fill="{fill}" stroke="{_BAND}" stroke-width="2">'
            f"<title>{escape(when)}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)
