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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from search import hits as hit_render
from search import kwic
from search import patterns as slots
from search.analysis import normalise, segmenter
from search.dates import checked_range
from search.errors import QueryError
from search.facets import Selection
from search.facets import apply as apply_filters
from search.matching import Budget, matching, reporter_names
from search.query import ParsedQuery, parse
from search.ranking import ranked
from search.related import similar
from search.results import (PARAMETER, QUERY, Filter, SearchResult, checked_month, checked_page,
                            checked_per_page, checked_sort, checked_year)
from search.schema import from_stored, stored_districts
from search.slogans import SloganBook
from search.snapshot import Snapshot

FALLBACK_NOTICE = "没有同时包含全部词语的文章，以下是包含任一词语的结果。"
INDEX_CHANGED = "索引在读取过程中更新了，结果不完整：请重新操作一次。"
STORED_CHUNK = 500


@dataclass
class Matches:
    """A whole result set: a mask over one snapshot's documents and the query that found them."""
    snapshot: Snapshot
    searcher: object            # the snapshot's searcher when matched: document numbers belong to it
    mask: np.ndarray
    parsed: ParsedQuery
    notice: str = ""            # what the search page would say too (fallback to any word, skipped parts)

    @property
    def total(self) -> int:
        return int(self.mask.sum())


MAX_FILLERS = 10          # wildcard fillers listed per phrase


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

    def _stored_beside(self) -> Snapshot:
        """The live snapshot, for what is stored beside its build (slogans, coverage): that has a lock of its
        own, so reading it does not wait for a search holding the engine's lock, nor a slow reload of it
        (a stale coverage file is counted afresh) hold up searches, unless the index was rebuilt since
        the last call."""
        snap = self._snap
        if snap is None or not snap.is_live(self.index_dir):
            with self._lock:
                snap = self._snapshot()
        return snap

    def slogans(self) -> SloganBook:
        """The slogan book of the live build; suggestions come with every keystroke."""
        return self._stored_beside().slogans()

    def coverage(self) -> dict:
        """What the live build holds per year, month, district and paper (search.coverage)."""
        return self._stored_beside().coverage()

    def search(self, q: str = "", districts=(), years=(), sort: str = "relevance", page: int = 1,
               per_page: int = 10, *, reporters=(), months=(), date_from: str | None = None,
               date_to: str | None = None, include_undated: bool = False, expand: bool = True) -> SearchResult:
        """Articles matching the query `q` (syntax in README) and the filters, one page of them.

        `districts`, `reporters`, `years` and `months` filter like the facets (any chosen value of a facet;
        years and months are one facet); `district:` and `reporter:` in `q` add to them. `date_from` and
        `date_to` (YYYY[-MM[-DD]]) and each `date:` in `q` bound the date; undated articles are left out
        of a range unless `include_undated`, and `result.undated` says how many. `expand=False` searches
        alias names as typed. When nothing holds every word, the articles holding any are returned with
        a notice. A page past the last one is an empty result (its `past_last_page` says so); a bad sort,
        page, per_page, year, month or date is a QueryError.
        """
        started = time.perf_counter()
        sort, page, per_page = checked_sort(sort), checked_page(page), checked_per_page(per_page)
        parsed, filters, ranges, selection = _request(q, districts, years, months, reporters, date_from, date_to,
                                                      include_undated, expand)
        with self._lock:
            snap = self._snapshot()
            mask, parsed, fallback, notices, budget = _matched(snap, parsed)
            filtered = apply_filters(mask, snap.cols, snap.reporters, selection)
            mask = filtered.mask
            total = int(mask.sum())
            if not parsed.units and sort == "relevance":
                sort = "date"
            hits = []
            if (page - 1) * per_page < total:        # past the last page: nothing to rank
                order = ranked(snap, parsed, mask, sort, page * per_page)
                compiled = hit_render.patterns(parsed.units)
                hits = [hit_render.hit(snap, d, s, compiled) for d, s in order[(page - 1) * per_page:]]
            fillers = _fillers(snap, parsed, mask)
            as_reporters = reporter_names(snap, parsed)
        took = round((time.perf_counter() - started) * 1000, 2)
        explain = {**parsed.explain(), "reporters": as_reporters, "expand": expand,
                   "filters": [f.to_dict() for f in filters], "undated": filtered.undated,
                   "date_ranges": [r.to_dict() for r in ranges],
                   "fallback": {"used": "any_word", "why": fallback} if fallback else None,
                   "skipped": list(dict.fromkeys(budget.skipped))}
        return SearchResult(query=q, total=total, page=page, per_page=per_page, took_ms=took,
                            notice=" ".join(notices), hits=hits, facets=filtered.facets, sort=sort,
                            words=parsed.words, phrases=parsed.phrases, unquoted=parsed.unquoted(),
                            filters=filters, query_without_filters=parsed.without_filters(),
                            unfiltered=filtered.unfiltered, undated=filtered.undated,
                            explain=explain, fillers=fillers)

    def matches(self, q: str = "", districts=(), years=(), *, reporters=(), months=(), date_from: str | None = None,
                date_to: str | None = None, include_undated: bool = False, expand: bool = True) -> Matches:
        """Every article the search with these parameters finds (its total, exactly), for the views of a
        whole result set: trends, keyword in context, export. The filters are the search's."""
        parsed, _, _, selection = _request(q, districts, years, months, reporters, date_from, date_to,
                                           include_undated, expand)
        with self._lock:
            snap = self._snapshot()
            mask, parsed, _, notices, _ = _matched(snap, parsed)
            mask = apply_filters(mask, snap.cols, snap.reporters, selection).mask
            return Matches(snap, snap.searcher, mask, parsed, " ".join(notices))

    def ordered(self, found: Matches, sort: str = "relevance") -> list[int]:
        """The document numbers of a whole result set in the search's order."""
        sort = "date" if sort == "relevance" and not found.parsed.units else checked_sort(sort)
        with self._lock:
            self._same_snapshot(found)
            return [d for d, _ in ranked(found.snapshot, found.parsed, found.mask, sort, found.total)]

    def stored_articles(self, found: Matches, docnums: list[int]) -> Iterator[dict]:
        """Articles by document number, STORED_CHUNK at a time under the lock, so a long export never
        holds it for more than a few milliseconds. Document numbers belong to one opened index: if it was
        rebuilt or updated since, the stream stops with a message instead of handing out other articles."""
        for at in range(0, len(docnums), STORED_CHUNK):
            with self._lock:
                self._same_snapshot(found)
                chunk = [_record(found.snapshot.stored(d)) for d in docnums[at:at + STORED_CHUNK]]
            yield from chunk

    def _same_snapshot(self, found: Matches) -> None:
        snap = self._snapshot()
        if snap is not found.snapshot or snap.searcher is not found.searcher:
            raise QueryError(INDEX_CHANGED)

    def article(self, article_id: str) -> dict:
        with self._lock:
            snap = self._snapshot()
            return from_stored(snap.stored(snap.docnum(article_id))).to_dict()

    def highlighted_article(self, article_id: str, q: str = "", expand: bool = True) -> dict:
        """The whole article with the query's matches marked in title and body (for the article page); each
        mark has the id a keyword-in-context line links to (search.kwic.anchor_id). `expand=False` marks
        alias names only as typed, as that search found them."""
        compiled = hit_render.patterns(parse(q, expand).units)
        with self._lock:
            snap = self._snapshot()
            stored = snap.stored(snap.docnum(article_id))
        article = from_stored(stored).to_dict()
        for field, is_title in (("title", True), ("body", False)):   # each mark's id is a KWIC line's link
            text = stored[field]
            article[f"{field}_html"] = kwic.anchored_mark(text, hit_render.spans(text, compiled, is_title), field)
        return article

    def same_page(self, article_id: str, limit: int = 20) -> list[dict]:
        """For an id not in the archive: the articles now held from the page it names. An id is its page
        file's key and a hash of its headline and lead, so an article re-split since keeps the page part."""
        page_key = article_id.rsplit("-", 1)[0] if "-" in article_id else ""
        if not page_key:
            return []
        out = []
        with self._lock:
            snap = self._snapshot()
            for term in snap.reader.expand_prefix("id", f"{page_key}-"):
                other = term.decode("utf-8")
                docnum = snap.searcher.document_number(id=other)
                if docnum is not None and other.rsplit("-", 1)[0] == page_key:
                    stored = snap.stored(docnum)
                    out.append({"id": other, "title": stored["title"], "date": stored.get("date")})
        return sorted(out, key=lambda a: a["id"])[:limit]

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


def _filters(parsed, districts, years, months, reporters, span) -> list[Filter]:
    """The filters in effect and where each came from: URL parameters (or CLI options), or the query's
    `district:`, `reporter:` and `date:` (a filter given both ways is a query one)."""
    out = []
    for facet, given, in_query in (("district", districts, parsed.districts),
                                   ("reporter", [normalise(r).strip() for r in reporters], parsed.reporters)):
        in_query = dict.fromkeys(in_query)
        out += [Filter(facet, v, QUERY, parsed.without(facet, v)) if v in in_query else Filter(facet, v, PARAMETER)
                for v in dict.fromkeys([*given, *in_query]) if v]
    out += [Filter("year", y, PARAMETER) for y in dict.fromkeys(checked_year(y) for y in years)]
    out += [Filter("month", m, PARAMETER) for m in dict.fromkeys(checked_month(m) for m in months)]
    if span:
        out.append(Filter("date", span.text, PARAMETER))
    out += [Filter("date", r.text, QUERY, parsed.without("date", r.text)) for r in parsed.dates]
    return out


def _request(q, districts, years, months, reporters, date_from, date_to, include_undated, expand):
    """(parsed query, filters, date ranges, selection) of one search's parameters, checked: what a page
    of hits and a whole result set share."""
    span = checked_range(date_from, date_to)
    parsed = parse(q, expand=expand)
    filters = _filters(parsed, districts, years, months, reporters, span)
    ranges = (*((span,) if span else ()), *parsed.dates)
    chosen = {facet: tuple(f.value for f in filters if f.facet == facet)
              for facet in ("district", "year", "month", "reporter")}
    selection = Selection(chosen["district"], chosen["year"], chosen["month"], chosen["reporter"], ranges,
                          include_undated)
    return parsed, filters, ranges, selection


def _matched(snap, parsed):
    """(mask, the query that matched, fallback notice or None, notices, budget): the query's matches,
    or, when nothing holds every word, the matches of any word; one time budget for both."""
    budget, fallback = Budget(), None
    mask = matching(snap, parsed, budget)
    notices = list(parsed.notices)
    if not mask.any() and (wider := parsed.any_word()):
        skipped, budget.skipped = budget.skipped, []
        mask = matching(snap, wider, budget)
        if mask.any():
            parsed, fallback = wider, FALLBACK_NOTICE
            notices.append(FALLBACK_NOTICE)
        else:
            budget.skipped = skipped
    if budget_notice := budget.notice():
        notices.append(budget_notice)
    return mask, parsed, fallback, notices, budget


def _fillers(snap, parsed, mask) -> list[dict]:
    """For each wildcard phrase, the most frequent fillers of its slot in the result set, with counts."""
    out = []
    for unit in (u for u in parsed.units if u.wildcard):
        texts = (text for _, text in snap.cols.compact.texts(np.flatnonzero(mask)))
        out.append({"phrase": unit.text,
                    "fillers": [{"text": text, "count": n, "query": parsed.with_filler(unit, text)}
                                for text, n in slots.fillers(unit, texts, MAX_FILLERS)]})
    return out


def _record(stored: dict) -> dict:
    """An article's fields as Article.to_dict() gives them, without its deep copy (half the time of a
    keyword-in-context over 16,000 articles went there)."""
    return dict(from_stored(stored).__dict__)
