"""Query stage: a query and its filters become a `SearchResult`, against the live snapshot of the index.

The algorithms live in their own modules: search.matching (which documents), search.facets (filters and
counts), search.ranking (order), search.hits (highlighted titles and snippets). The engine holds the
lock one snapshot's Whoosh searcher needs, swaps in a new snapshot when the index is rebuilt or updated,
and puts the result together.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from search import hits as hit_render
from search.analysis import segmenter
from search.facets import facets
from search.matching import Budget, matching
from search.query import parse
from search.ranking import ranked
from search.related import similar
from search.results import (PARAMETER, QUERY, Filter, SearchResult, checked_page, checked_per_page,
                            checked_sort, checked_year)
from search.schema import from_stored, stored_districts
from search.slogans import SloganBook
from search.snapshot import Snapshot

FALLBACK_NOTICE = "没有同时包含全部词语的文章，以下是包含任一词语的结果。"


class Engine:
    """Opened once and shared by threads: follows the `current` link, so a rebuilt or updated index is
    picked up by the next call."""

    def __init__(self, index_dir: str | os.PathLike):
        self.index_dir = Path(index_dir)
        self._lock = threading.RLock()
        self._snap: Snapshot | None = None
        self._snapshot()
        segmenter()                # load jieba now, not on the first query

    def _snapshot(self) -> Snapshot:
        """The live snapshot; call with the lock held."""
        if self._snap is None or not self._snap.is_live(self.index_dir):
            fresh = Snapshot.of_live_build(self.index_dir)
            if self._snap is not None:
                self._snap.close()              # the previous build: nothing else holds it
            self._snap = fresh
        else:
            self._snap.refresh()
        return self._snap

    def close(self):
        with self._lock:
            if self._snap:
                self._snap.close()
                self._snap = None

    def slogans(self) -> SloganBook:
        """The slogan book of the live build. Suggestions come with every keystroke, so they do not wait
        for a search holding the lock unless the index was rebuilt since the last call."""
        snap = self._snap
        if snap is None or not snap.is_live(self.index_dir):
            with self._lock:
                snap = self._snapshot()
        return snap.slogans()

    def search(self, q: str = "", districts=(), years=(), sort: str = "relevance",
               page: int = 1, per_page: int = 10) -> SearchResult:
        """Articles matching the query `q` (syntax in README) and the filters, one page of them.

        `districts` and `years` filter like the facets (any chosen district, any chosen year); `district:`
        in `q` adds to `districts`. When nothing holds every word, the articles holding any are returned
        with a notice. A page past the last one is an empty result (its `past_last_page` says so);
        a bad sort, page, per_page or year is a QueryError.
        """
        started = time.perf_counter()
        sort, page, per_page = checked_sort(sort), checked_page(page), checked_per_page(per_page)
        parsed = parse(q)
        filters = _filters(parsed, districts, years)
        districts = [f.value for f in filters if f.facet == "district"]
        years = [f.value for f in filters if f.facet == "year"]
        with self._lock:
            snap = self._snapshot()
            budget = Budget()                       # shared by the query and its fallback
            mask = matching(snap, parsed, budget)
            notices = list(parsed.notices)
            if not mask.any() and (fallback := parsed.any_word()):
                skipped, budget.skipped = budget.skipped, []
                mask = matching(snap, fallback, budget)
                if mask.any():
                    parsed = fallback
                    notices.append(FALLBACK_NOTICE)
                else:
                    budget.skipped = skipped
            if budget_notice := budget.notice():
                notices.append(budget_notice)
            mask, listings, unfiltered = facets(snap.cols, mask, districts, years)
            total = int(mask.sum())
            if not parsed.units and sort == "relevance":
                sort = "date"
            hits = []
            if (page - 1) * per_page < total:        # past the last page: nothing to rank
                order = ranked(snap, parsed, mask, sort, page * per_page)
                compiled = hit_render.patterns(parsed.units)
                hits = [hit_render.hit(snap, d, s, compiled) for d, s in order[(page - 1) * per_page:]]
        took = round((time.perf_counter() - started) * 1000, 2)
        return SearchResult(query=q, total=total, page=page, per_page=per_page, took_ms=took,
                            notice=" ".join(notices), hits=hits, facets=listings, sort=sort,
                            words=parsed.words, phrases=parsed.phrases, unquoted=parsed.unquoted(),
                            filters=filters, query_without_filters=parsed.without_districts(),
                            unfiltered=unfiltered)

    def article(self, article_id: str) -> dict:
        with self._lock:
            snap = self._snapshot()
            return from_stored(snap.stored(snap.docnum(article_id))).to_dict()

    def highlighted_article(self, article_id: str, q: str = "") -> dict:
        """The whole article with the query's matches marked in title and body (for the article page)."""
        compiled = hit_render.patterns(parse(q).units)
        with self._lock:
            snap = self._snapshot()
            stored = snap.stored(snap.docnum(article_id))
        article = from_stored(stored).to_dict()
        article["title_html"] = hit_render.marked(stored["title"], compiled, True)
        article["body_html"] = hit_render.marked(stored["body"], compiled, False)
        return article

    def related(self, article_id: str, limit: int = 5) -> list[dict]:
        """Articles sharing the rarer key terms of this one's body, those of the same district first."""
        with self._lock:
            snap = self._snapshot()
            out = []
            for d in similar(snap, snap.docnum(article_id), limit):
                s = snap.stored(d)
                out.append({"id": s["id"], "title": s["title"], "date": s.get("date"),
                            "districts": stored_districts(s)})
        return out


def _filters(parsed, districts, years) -> list[Filter]:
    """The filters in effect: districts from the parameters and from `district:` in the query, years."""
    in_query = dict.fromkeys(parsed.districts)
    out = [Filter("district", d, QUERY, parsed.without_districts(d)) if d in in_query else Filter("district", d, PARAMETER)
           for d in dict.fromkeys([*districts, *in_query])]
    return out + [Filter("year", y, PARAMETER) for y in dict.fromkeys(checked_year(y) for y in years)]
