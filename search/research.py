"""Views of a whole result set: terms over time, keyword in context and export, each computed from the
same match set as the engine's hit list and totals, so every number agrees with the search page."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from search import coverage as coverage_store
from search import export, kwic, trends
from search.errors import QueryError
from search.query import parse
from search.schema import from_stored

# Stored articles are read this many at a time under the engine's lock, so a long export never holds it
# for more than a few milliseconds and never sees an index swapped under it in mid-chunk.
CHUNK = 500
INDEX_CHANGED = "索引在读取过程中更新了，结果不完整：请重新操作一次。"
MAX_PANELS = 12            # per-district small multiples: the districts with the most matches


def _match(engine, q: str, districts=(), years=()):
    """(snapshot, mask, parsed query) of a search, as Engine.search computes its total."""
    parsed = parse(q)
    districts = list(dict.fromkeys([*districts, *parsed.districts]))
    gen = engine._generation()
    mask = engine._matching(gen, parsed)
    if not mask.any() and (fallback := parsed.any_word()):
        other = engine._matching(gen, fallback)
        if other.any():
            mask, parsed = other, fallback
    mask, _ = engine._facets(gen, mask, districts, [str(y) for y in years])
    return gen, mask, parsed


def coverage(engine) -> dict:
    with engine._lock:
        build = engine._generation().build
    return coverage_store.load(build)


def _denominators(cov: dict, district: str | None, by: str) -> dict[str, int]:
    if district is None:
        return {p: t["articles"] for p, t in cov["years" if by == "year" else "months"].items()}
    return dict(cov["districts"].get(district, {}).get("years" if by == "year" else "months", {}))


def trend(engine, queries: list[str], by: str = "year", measure: str = "share", districts=(),
          per_district: bool = False) -> dict:
    """Counts and shares per period for each query; with per_district, one panel per district (those
    chosen, else the ones with most matches) with that district's own denominators."""
    queries = trends.check(queries, by, measure)
    districts = list(dict.fromkeys(districts))
    cov = coverage(engine)
    with engine._lock:
        matched = [(q, *_match(engine, q, districts)) for q in queries]
        gen = matched[0][1]
        dates = gen.cols.dates
        if districts:        # the share of the chosen districts' own articles
            _, everything, _ = _match(engine, "", districts)
            base = trends.counts(everything, dates, by)[0]
        else:
            base = _denominators(cov, None, by)
        found = [(q, *trends.counts(mask, dates, by)) for q, _, mask, _ in matched]
        panels_of = []
        if per_district:
            names = gen.cols.district_names
            hits = sum(gen.cols.districts[mask].sum(axis=0) for _, _, mask, _ in matched)
            chosen = districts or [names[j] for j in np.argsort(-hits, kind="stable") if hits[j]][:MAX_PANELS]
            for d in chosen:
                column = gen.cols.districts[:, names.index(d)] if d in names else np.zeros(gen.cols.size, bool)
                panels_of.append((d, [(q, *trends.counts(mask & column, dates, by)) for q, _, mask, _ in matched]))
    periods = trends.span({p for _, c, _ in found for p in c} | set(base), by)

    def lines(rows, denominators):
        return [trends.series(q, c, u, periods, denominators) for q, c, u in rows]

    return {
        "by": by, "measure": measure, "districts": districts, "periods": periods,
        "denominators": {p: base.get(p, 0) for p in periods},
        "series": lines(found, base),
        "panels": [{"district": d, "series": lines(rows, _denominators(cov, d, by))} for d, rows in panels_of],
    }


def _ordered(engine, gen, parsed, mask, sort: str) -> list[int]:
    sort = "date" if sort == "relevance" and not parsed.units else sort
    return [d for d, _ in engine._ranked(gen, parsed, mask, sort, int(mask.sum()))]


def _record(stored: dict) -> dict:
    """An article's fields as Article.to_dict() gives them, without its deep copy (half the time of a
    KWIC over 16,000 articles went there)."""
    return {**from_stored(stored).__dict__}


def _articles(engine, docnums: list[int], searcher) -> Iterator[dict]:
    """Stored articles by document number, CHUNK at a time under the lock. Document numbers belong to
    one opened index: if it was rebuilt or updated since they were taken, the stream stops with a
    message rather than hand out other articles."""
    for at in range(0, len(docnums), CHUNK):
        with engine._lock:
            gen = engine._generation()
            if gen.searcher is not searcher:
                raise QueryError(INDEX_CHANGED)
            chunk = [_record(gen.searcher.stored_fields(d)) for d in docnums[at:at + CHUNK]]
        yield from chunk


@dataclass
class ResultSet:
    docnums: list[int]          # in the search's order
    units: list                 # the query's words and phrases, for KWIC
    searcher: object            # the opened index the document numbers belong to

    @property
    def total(self) -> int:
        return len(self.docnums)


def result_set(engine, q: str = "", districts=(), years=(), sort: str = "relevance") -> ResultSet:
    """A whole result set, as the search with the same parameters finds it."""
    with engine._lock:
        gen, mask, parsed = _match(engine, q, districts, years)
        return ResultSet(_ordered(engine, gen, parsed, mask, sort), parsed.units, gen.searcher)


def articles(engine, found: ResultSet) -> Iterator[dict]:
    return _articles(engine, found.docnums, found.searcher)


def export_rows(engine, found: ResultSet, permalink: Callable[[str], str], with_text=False) -> Iterator[dict]:
    return (export.record(a, permalink, with_text) for a in articles(engine, found))


def kwic_lines(engine, q: str, districts=(), years=(), width: int = kwic.WIDTH) -> list[kwic.Line]:
    """Every occurrence of the query's words and phrases in its result set, in date order."""
    found = result_set(engine, q, districts, years, sort="date")
    return kwic.lines(articles(engine, found), found.units, width)


def same_page(engine, article_id: str, limit: int = 20) -> list[dict]:
    """For an id no longer in the archive: the articles now held from the page it named (an id is its
    page file's key and a hash of its headline and lead, so a re-split article keeps the page part)."""
    page_key = article_id.rsplit("-", 1)[0] if "-" in article_id else ""
    if not page_key:
        return []
    with engine._lock:
        gen = engine._generation()
        ids = [t.decode("utf-8") for t in gen.reader.expand_prefix("id", f"{page_key}-")]
        out = []
        for other in ids:
            docnum = gen.searcher.document_number(id=other)
            if docnum is not None and other.rsplit("-", 1)[0] == page_key:
                stored = gen.searcher.stored_fields(docnum)
                out.append({"id": other, "title": stored["title"], "date": stored.get("date")})
    return sorted(out, key=lambda a: a["id"])[:limit]
