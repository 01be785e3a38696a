"""Trend charts (趋势图) as static SVG: readable without JavaScript, generated at build time."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape  # quote=True by default: also safe inside attributes


@dataclass(frozen=True)
class Point:
    label: str  # e.g. 2020年第四季度
    value: int


def bar_chart(title: str, unit: str, points: list[Point], width: int = 640, height: int = 260) -> str:
    """A labelled bar chart; the numbers are printed on the bars, so colour carries no meaning."""
    left, right, top, bottom = 48, 16, 28, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max([p.value for p in points] + [1])
    n = max(len(points), 1)
    slot = plot_w / n
    bar_w = min(56.0, slot * 0.6)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}（单位：{escape(unit)}）" class="zwgk-chart">',
        f"<title>{escape(title)}（单位：{escape(unit)}）</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" class="axis"/>',
    ]
    for i, p in enumerate(points):
        h = plot_h * p.value / top_value
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h - h
        cx = x + bar_w / 2
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" class="bar">'
                     f"<title>{escape(p.label)}：{p.value}{escape(unit)}</title></rect>")
        parts.append(f'<text x="{cx:.1f}" y="{y - 6:.1f}" text-anchor="middle" class="value">{p.value}</text>')
        parts.append(f'<text x="{cx:.1f}" y="{top + plot_h + 20:.1f}" text-anchor="middle" class="label">'
                     f"{escape(p.label)}</text>")
    parts.append("</svg>")
    return "".join(parts)
