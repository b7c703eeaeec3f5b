"""Views of a whole result set: terms over time, keyword in context, export rows and the articles of a
page, each computed from the engine's match set (Engine.matches), the one its totals and facets count,
so every number here agrees with the search page."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from search import export, kwic, trends
from search.engine import INDEX_CHANGED, Engine, Matches
from search.errors import QueryError

MAX_PANELS = 12            # per-district small multiples: the districts with the most matches


@dataclass
class ResultSet:
    """A whole result set in the search's order."""
    matches: Matches
    docnums: list[int]

    @property
    def total(self) -> int:
        return len(self.docnums)

    @property
    def units(self) -> list:
        return self.matches.parsed.units


def result_set(engine: Engine, q: str = "", sort: str = "relevance", **filters) -> ResultSet:
    """The whole result set of a search with these filters (Engine.matches' keywords), in its order."""
    found = engine.matches(q, **filters)
    return ResultSet(found, engine.ordered(found, sort))


def articles(engine: Engine, found: ResultSet) -> Iterator[dict]:
    return engine.stored_articles(found.matches, found.docnums)


def export_rows(engine: Engine, found: ResultSet, permalink: Callable[[str], str], with_text=False) -> Iterator[dict]:
    return (export.record(a, permalink, with_text) for a in articles(engine, found))


class _LinesCache:
    """The last few keyword-in-context results: paging or re-sorting one reads no article again (a slogan
    in 16,000 articles takes seconds to read). An entry is of one opened index: it holds that index's
    searcher and is used only while the engine's match set still comes from the same one."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, searcher):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] is not searcher:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def put(self, key, searcher, found: list) -> None:
        with self._lock:
            self._entries[key] = (searcher, found)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


KWIC_CACHE = _LinesCache(size=4)


def kwic_lines(engine: Engine, q: str, width: int = kwic.WIDTH, **filters) -> tuple[list[kwic.Line], str]:
    """Every occurrence of the query's words and phrases in its result set (the search's filters), in date
    order, and the search's notice (any-word fallback, parts left out) that applies to them as to the hit list."""
    found = result_set(engine, q, sort="date", **filters)
    key = (id(engine), q, tuple(sorted(filters.items())), width)
    cached = KWIC_CACHE.get(key, found.matches.searcher)
    if cached is None:
        cached = kwic.lines(articles(engine, found), found.units, width)
        KWIC_CACHE.put(key, found.matches.searcher, cached)
    return list(cached), found.matches.notice


def _denominators(cov: dict, district: str | None, by: str) -> dict[str, int]:
    level = "years" if by == "year" else "months"
    if district is None:
        return {p: t["articles"] for p, t in cov[level].items()}
    return dict(cov["districts"].get(district, {}).get(level, {}))


def trend(engine: Engine, queries: list[str], by: str = "year", measure: str = "share", districts=(),
          per_district: bool = False) -> dict:
    """Counts and shares per period for each query. The share is of all the archive's articles of the
    period (coverage), or with districts chosen of those districts' articles; with per_district, one
    panel per district (those chosen, else the ones with most matches) with its own denominators."""
    queries = trends.check(queries, by, measure)
    districts = list(dict.fromkeys(districts))
    cov = engine.coverage()
    matched = [(q, engine.matches(q, districts)) for q in queries]
    if len({id(m.snapshot) for _, m in matched}) > 1:
        raise QueryError(INDEX_CHANGED)             # rebuilt between two queries: counts would not compare
    cols = matched[0][1].snapshot.cols
    found = [(q, *trends.counts(m.mask, cols.dates, by)) for q, m in matched]
    if districts:
        base = trends.counts(engine.matches("", districts).mask, cols.dates, by)[0]
    else:
        base = _denominators(cov, None, by)
    panels = []
    if per_district:
        names = cols.district_names
        hits = sum(cols.tallies.districts(m.mask) for _, m in matched)
        chosen = districts or [names[j] for j in np.argsort(-hits, kind="stable") if hits[j]][:MAX_PANELS]
        for d in chosen:
            column = cols.districts[:, names.index(d)] if d in names else np.zeros(cols.size, dtype=bool)
            panels.append((d, [(q, *trends.counts(m.mask & column, cols.dates, by)) for q, m in matched]))
    periods = trends.span({p for _, c, _ in found for p in c} | set(base), by)

    notices = {q: m.notice for q, m in matched}

    def lines(rows, denominators):
        return [{**trends.series(q, c, u, periods, denominators), "notice": notices[q]} for q, c, u in rows]

    return {
        "by": by, "measure": measure, "districts": districts, "per_district": per_district, "periods": periods,
        "denominators": {p: base.get(p, 0) for p in periods},
        "series": lines(found, base),
        "panels": [{"district": d, "series": lines(rows, _denominators(cov, d, by))} for d, rows in panels],
    }
