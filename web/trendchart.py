"""Geometry of the terms-over-time chart: one SVG drawn on the server (no script), the same markup inline
on the page and as the downloadable file, so colours are presentation attributes, not a stylesheet."""
from __future__ import annotations

# Colour-blind-safe palette (Okabe–Ito), one per query, the same in the chart, the legend and the table.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
# Drawn small and scaled up by the stylesheet: at a phone's 360 px the 15-unit labels are still 11 px tall.
WIDTH, HEIGHT = 480, 240
SMALL_WIDTH, SMALL_HEIGHT = 320, 160
FONT = 15
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 12, 30        # room for the value axis and the period labels


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
    room = max(1, int(plot_w // (len(periods[0]) * FONT * 0.62 * 1.4))) if periods else 1   # labels that fit
    every = max(1, -(-len(periods) // room))
    x_labels = [{"x": x(i), "text": p, "anchor": "end" if i == len(periods) - 1 and i else "middle"}
                for i, p in enumerate(periods) if (len(periods) - 1 - i) % every == 0]   # the latest always
    y_ticks = [{"y": y(top * f), "text": axis_label(top * f, measure)} for f in (0, 0.5, 1)]
    return {"width": width, "height": height, "lines": drawn, "x_labels": x_labels, "y_ticks": y_ticks,
            "left": LEFT, "right": width - RIGHT, "bottom": height - BOTTOM, "label_y": height - 8, "font": FONT}
