"""Geometry for the server-drawn charts (facet bars, year timeline, slogan sparklines); templates draw them."""
from __future__ import annotations

TIMELINE_COLUMN = 36      # SVG units per year
TIMELINE_HEIGHT = 60
TIMELINE_LABELS = 12      # room for the count above a bar and the year below it
SPARK_WIDTH, SPARK_HEIGHT = 80, 20


def bars(items: list[dict]) -> list[dict]:
    """Each facet item with `pct`, its count as a share of the largest, for a CSS bar."""
    top = max((i["count"] for i in items), default=0) or 1
    return [{**i, "pct": round(100 * i["count"] / top, 1)} for i in items]


def year_span(years) -> list[str]:
    """Every year from the first to the last, so gaps show as gaps."""
    numbers = sorted(int(y) for y in years)
    return [str(y) for y in range(numbers[0], numbers[-1] + 1)] if numbers else []


def timeline(items: list[dict]) -> dict:
    """Columns of a year chart: x, height, and the item (None for a year without hits)."""
    by_year = {i["value"]: i for i in items}
    span = year_span(by_year)
    top = max((i["count"] for i in items), default=0) or 1
    columns = []
    for n, year in enumerate(span):
        item = by_year.get(year)
        count = item["count"] if item else 0
        height = round((TIMELINE_HEIGHT - 2 * TIMELINE_LABELS) * count / top, 1)
        columns.append({"year": year, "item": item, "count": count, "x": n * TIMELINE_COLUMN,
                        "y": TIMELINE_HEIGHT - TIMELINE_LABELS - height, "height": height})
    return {"columns": columns, "width": max(1, len(span)) * TIMELINE_COLUMN, "height": TIMELINE_HEIGHT,
            "bar": TIMELINE_COLUMN - 8}


def sparkline(counts: dict, span: list[str]) -> str:
    """SVG polyline points for counts per year over a shared span (one point per year)."""
    if not span:
        return ""
    top = max(counts.values(), default=0) or 1
    step = SPARK_WIDTH / max(1, len(span) - 1)
    points = []
    for n, year in enumerate(span):
        y = SPARK_HEIGHT - 2 - (SPARK_HEIGHT - 4) * counts.get(year, 0) / top
        points.append(f"{round(n * step, 1)},{round(y, 1)}")
    if len(points) == 1:                                  # one year: a flat stroke, not an invisible dot
        points.append(f"{SPARK_WIDTH},{points[0].split(',')[1]}")
    return " ".join(points)
