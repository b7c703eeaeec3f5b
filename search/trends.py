"""Terms over time: for up to MAX_SERIES queries, how many matching articles each year or month, and
what share of all the archive's articles of that period they are.

Counts come from the engine's own match set (the mask its totals and facets are counted from), so a
point equals the total of the same search filtered to that period. A share's denominator is the number
of articles of the period in the same district filter: with no district filter that is the coverage
figure (search.coverage), with one it is that district's. Articles without a date have no period and
are counted apart ("undated"), never spread over the periods.
"""
from __future__ import annotations

import numpy as np

from search.errors import QueryError
from search.export import csv_stream

MAX_SERIES = 6
LEVELS = ("year", "month")
MEASURES = ("share", "count")


def check(queries: list[str], by: str, measure: str) -> list[str]:
    queries = [q.strip() for q in queries if q.strip()]
    if not queries:
        raise QueryError("请至少输入一个检索式。")
    if len(queries) > MAX_SERIES:
        raise QueryError(f"最多比较 {MAX_SERIES} 个检索式，收到 {len(queries)} 个。")
    if by not in LEVELS:
        raise QueryError(f"参数 by 只能是 {' 或 '.join(LEVELS)}，收到的是“{by[:20]}”。")
    if measure not in MEASURES:
        raise QueryError(f"参数 measure 只能是 {' 或 '.join(MEASURES)}，收到的是“{measure[:20]}”。")
    return list(dict.fromkeys(queries))


def label(number: int, by: str) -> str:
    """20230214 → '2023' or '2023-02'."""
    return str(number // 10000) if by == "year" else f"{number // 10000}-{number // 100 % 100:02d}"


def counts(mask: np.ndarray, dates: np.ndarray, by: str) -> tuple[dict[str, int], int]:
    """Matching articles per period (only periods with any) and the number without a date."""
    chosen = dates[mask]
    dated = chosen[chosen > 0]
    keys = dated // 10000 if by == "year" else dated // 100
    values, n = np.unique(keys, return_counts=True)
    scale = 10000 if by == "year" else 100
    return ({label(int(v) * scale, by): int(c) for v, c in zip(values, n)}, int((chosen <= 0).sum()))


def span(periods, by: str) -> list[str]:
    """Every period from the first to the last, so a gap shows as a gap and not as a straight line."""
    if not periods:
        return []
    first, last = min(periods), max(periods)
    if by == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    out, (y, m) = [], map(int, first.split("-"))
    while f"{y}-{m:02d}" <= last:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def series(query: str, found: dict[str, int], undated: int, periods: list[str],
           denominators: dict[str, int]) -> dict:
    """One query's points over the shared periods; share is None where the archive holds nothing."""
    points = []
    for p in periods:
        n, base = found.get(p, 0), denominators.get(p, 0)
        points.append({"period": p, "count": n, "of": base, "share": round(n / base, 6) if base else None})
    return {"query": query, "total": sum(found.values()) + undated, "undated": undated, "points": points}


def csv_text(data: dict) -> str:
    """A trend as CSV, one row per query and period (and per district for small multiples), with a BOM
    so spreadsheet programs read it as UTF-8."""
    groups = [("", data["series"]), *((p["district"], p["series"]) for p in data["panels"])]
    rows = ([district, line["query"], p["period"], p["count"], p["of"], "" if p["share"] is None else p["share"]]
            for district, lines in groups for line in lines for p in line["points"])
    return "".join(csv_stream(["district", "query", "period", "count", "articles_in_period", "share"], rows))
