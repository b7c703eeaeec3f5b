"""Geometry of the terms-over-time chart: one SVG drawn on the server (no script), the same markup inline
on the page and as the downloadable file, so colours are presentation attributes, not a stylesheet."""
from __future__ import annotations

# Colour-blind-safe palette (Okabe–Ito), one per query, the same in the chart, the legend and the table.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
WIDTH, HEIGHT = 640, 260
SMALL_WIDTH, SMALL_HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28        # room for the value axis and the period labels
MAX_X_LABELS = 10


def _value(point: dict, measure: str) -> float | None:
    return point["share"] if measure == "share" else point["count"]


def axis_label(value: float, measure: str) -> str:
    return f"{value * 100:.0f}%" if measure == "share" else f"{value:g}"


def top_value(lines: list[dict], measure: str) -> float:
    values = [_value(p, measure) or 0 for line in lines for p in line["points"]]
    top = max(values, default=0)
    return top if top > 0 else 1


def chart(lines: list[dict], periods: list[str], measure: str, link, top: float | None = None,
          small: bool = False) -> dict:
    """Polylines (split where the archive has no articles, so a gap is not drawn as a fall to zero), one
    linked dot per point, axis ticks; `link(query, period)` is the search behind a point."""
    width, height = (SMALL_WIDTH, SMALL_HEIGHT) if small else (WIDTH, HEIGHT)
    top = top or top_value(lines, measure)
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    step = plot_w / max(1, len(periods) - 1)

    def x(i: int) -> float:
        return round(LEFT + (i * step if len(periods) > 1 else plot_w / 2), 1)

    def y(v: float) -> float:
        return round(TOP + plot_h * (1 - v / top), 1)

    drawn = []
    for n, line in enumerate(lines):
        segments, current, dots = [], [], []
        for i, point in enumerate(line["points"]):
            v = _value(point, measure)
            if v is None:
                if current:
                    segments.append(current)
                current = []
                continue
            current.append(f"{x(i)},{y(v)}")
            if point["count"]:                     # a dot links to a search; none where it would find nothing
                dots.append({"x": x(i), "y": y(v), "point": point,
                             "url": link(line["query"], point["period"])})
        if current:
            segments.append(current)
        drawn.append({"query": line["query"], "colour": COLOURS[n % len(COLOURS)],
                      "segments": [" ".join(s) for s in segments], "dots": dots})
    every = max(1, -(-len(periods) // (MAX_X_LABELS // (2 if small else 1))))
    x_labels = [{"x": x(i), "text": p} for i, p in enumerate(periods) if i % every == 0 or i == len(periods) - 1]
    y_ticks = [{"y": y(top * f), "text": axis_label(top * f, measure)} for f in (0, 0.5, 1)]
    return {"width": width, "height": height, "lines": drawn, "x_labels": x_labels, "y_ticks": y_ticks,
            "left": LEFT, "right": width - RIGHT, "bottom": height - BOTTOM, "label_y": height - 8}
