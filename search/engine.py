"""Query stage: a `ParsedQuery` runs against the index; BM25F ranking, exact phrases, facets, highlights.

Matching works on boolean arrays over document numbers, so OR, exclusion, phrase verification and
facet counts are exact over the whole result set:
- a unit (word or phrase) is looked up by its rarest CJK bigram, then checked against the compact text
  column (normalised title|body without punctuation) once checking the candidates is cheaper than
  decoding more posting lists; quoted phrases are always checked, so they match exactly;
- ranking is BM25F over the jieba words of title (boosted) and body, computed with numpy from decoded
  postings, plus a bonus for query words standing together;
- highlights mark the units where they occur in the stored text, punctuation-insensitively.
"""
from __future__ import annotations

import math
import os
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from search import highlight
from search.analysis import compact, is_cjk, query_grams, query_words, segmenter
from search.errors import NotFound, QueryError
from search.indexer import CURRENT, current_build
from search.postings import Columns, postings
from search.query import ParsedQuery, Unit, parse
from search.schema import COMPACT_SEPARATOR, from_stored, stored_districts

TITLE_BOOST = 3.0
K1, B = 1.2, 0.75
COMMON_SHARE = 0.5        # words in more than half the articles barely rank; skip them when others exist
PROXIMITY_BONUS = 0.5     # score × (1 + bonus × share of query word pairs standing together)
RERANK_WINDOW = 50
MATCHED_FLOOR = 1e-3      # a match found only inside a longer word still outranks nothing
# Relative costs (µs) of decoding one posting and checking one document's compact text.
DECODE_COST, CHECK_COST = 0.5, 3.0
SORTS = ("relevance", "date")
MAX_PER_PAGE = 100
FALLBACK_NOTICE = "没有同时包含全部词语的文章，以下是包含任一词语的结果。"


@dataclass
class Hit:
    id: str
    title: str
    title_html: str
    snippet_html: str
    districts: list[str]
    date: str | None
    reporters: list[dict]
    kind: str
    score: float


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    per_page: int
    took_ms: float
    notice: str
    hits: list[Hit] = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    districts: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    sort: str = "relevance"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict:
        d = asdict(self)
        for h in d["hits"]:
            h.pop("title")
        for key in ("districts", "years", "sort"):
            d.pop(key)
        return d


class _Generation:
    """One opened build, its searcher and the per-document arrays read once from it."""

    def __init__(self, build: Path):
        self.build = build
        self.index = whoosh_index.open_dir(build)
        self.open()

    def open(self):
        self.searcher = self.index.searcher()
        self.reader = self.searcher.reader()
        self.cols = Columns(self.reader, ("title_words", "body_words"))

    def refresh(self):
        """Reopen after add/remove (Whoosh's own refresh() reuses segment readers and misses deletions)."""
        if not self.searcher.up_to_date():
            self.searcher.close()
            self.open()

    def close(self):
        self.searcher.close()


class Engine:
    """Opened once and shared: follows the `current` link, so a rebuilt or updated index is picked up."""

    def __init__(self, index_dir: str | os.PathLike):
        self.index_dir = Path(index_dir)
        self._lock = threading.RLock()
        self._gen: _Generation | None = None
        self._generation()
        segmenter()                # load jieba now, not on the first query

    def _generation(self) -> _Generation:
        link = os.path.realpath(self.index_dir / CURRENT)
        if self._gen is None or str(self._gen.build) != link:
            fresh = _Generation(current_build(self.index_dir))
            if self._gen is not None:
                self._gen.close()              # the previous build: nothing else holds it
            self._gen = fresh
        else:
            self._gen.refresh()
        return self._gen

    def close(self):
        with self._lock:
            if self._gen:
                self._gen.close()
                self._gen = None

    # ---------------------------------------------------------------- matching

    @staticmethod
    def _gram_fields(unit: Unit) -> tuple[str, ...]:
        return ("title_grams",) if unit.title_only else ("title_grams", "body_grams")

    def _gram_docs(self, gen, unit: Unit, gram: str) -> np.ndarray:
        mask = np.zeros(gen.cols.size, dtype=bool)
        for f in self._gram_fields(unit):
            if len(gram) == 1 and is_cjk(gram):       # a lone character: every bigram starting with it
                terms = [t.decode("utf-8") for t in gen.reader.expand_prefix(f, gram)]
            else:
                terms = [gram]
            for term in terms:
                mask[postings(gen.reader, f, term)[0]] = True
        return mask

    def _df(self, gen, unit: Unit, gram: str) -> int:
        if len(gram) == 1 and is_cjk(gram):
            return gen.cols.size
        return sum(gen.reader.doc_frequency(f, gram) for f in self._gram_fields(unit))

    def _alternative_docs(self, gen, alternative: tuple[Unit, ...]) -> np.ndarray:
        """Documents holding every unit: intersect gram postings, rarest first, then check the rest."""
        plans = []
        for unit in alternative:
            grams = query_grams(unit.text)
            if not grams:
                continue
            dfs = {g: self._df(gen, unit, g) for g in grams}
            plans.append((min(dfs.values()), unit, sorted(grams, key=dfs.get), dfs))
        plans.sort(key=lambda p: p[0])
        mask: np.ndarray | None = None
        to_check: list[Unit] = []
        for _, unit, grams, dfs in plans:
            intersected = 0
            for gram in grams:
                candidates = int(mask.sum()) if mask is not None else gen.cols.size
                if mask is not None and candidates * CHECK_COST < dfs[gram] * DECODE_COST:
                    break                              # cheaper to check the few candidates' text
                docs = self._gram_docs(gen, unit, gram)
                mask = docs if mask is None else mask & docs
                intersected += 1
            if intersected < len(grams) or (unit.phrase and len(grams) > 1):
                to_check.append(unit)
        if mask is None:
            return np.zeros(gen.cols.size, dtype=bool)
        mask &= gen.cols.live
        if to_check and mask.any():
            mask = self._checked(gen, mask, to_check)
        return mask

    @staticmethod
    def _checked(gen, mask: np.ndarray, units: list[Unit]) -> np.ndarray:
        needles = [(compact(u.text).encode("utf-8"), u.title_only) for u in units]
        sep = COMPACT_SEPARATOR.encode()
        any_title_only = any(title_only for _, title_only in needles)
        keep = []
        for d, text in gen.cols.compact_texts(np.flatnonzero(mask)):
            title = text.split(sep, 1)[0] if any_title_only else text
            if all(needle in (title if title_only else text) for needle, title_only in needles):
                keep.append(d)
        out = np.zeros_like(mask)
        out[np.asarray(keep, dtype=np.int64)] = True
        return out

    def _matching(self, gen: _Generation, parsed: ParsedQuery) -> np.ndarray:
        mask = gen.cols.live.copy()
        for clause in parsed.clauses:
            either = np.zeros_like(mask)
            for alternative in clause:
                either |= self._alternative_docs(gen, alternative)
            mask &= either
            if not mask.any():
                return mask
        for alternative in parsed.excluded:
            mask &= ~self._alternative_docs(gen, alternative)
        return mask

    # ---------------------------------------------------------------- facets

    @staticmethod
    def _facets(gen, mask, districts, years) -> tuple[np.ndarray, dict]:
        """Multi-select facets: each facet counts the set filtered by the *other* facet's choice."""
        cols = gen.cols
        by_district = np.ones_like(mask)
        if districts:
            chosen = [cols.district_names.index(d) for d in districts if d in cols.district_names]
            by_district = cols.districts[:, chosen].any(axis=1) if chosen else np.zeros_like(mask)
        by_year = np.ones_like(mask)
        if years:
            chosen = [cols.year_names.index(y) for y in years if y in cols.year_names]
            by_year = np.isin(cols.years, chosen)
        district_counts = cols.districts[mask & by_year].sum(axis=0)
        year_rows = cols.years[mask & by_district]
        year_counts = np.bincount(year_rows[year_rows >= 0], minlength=len(cols.year_names))

        def listing(names, counts, selected):
            counted = {n: int(c) for n, c in zip(names, counts) if c}
            return [{"value": v, "count": counted.get(v, 0), "selected": v in selected}
                    for v in set(counted) | set(selected)]

        facets = {
            "district": sorted(listing(cols.district_names, district_counts, districts),
                               key=lambda f: (-f["count"], f["value"])),
            "year": sorted(listing(cols.year_names, year_counts, years), key=lambda f: f["value"]),
        }
        return mask & by_district & by_year, facets

    # ---------------------------------------------------------------- ranking

    def _scores(self, gen, units: list[Unit]) -> np.ndarray:
        """BM25F over title and body words: each field's BM25 weighted by its boost and summed."""
        cols = gen.cols
        n = max(int(cols.live.sum()), 1)
        words = list(dict.fromkeys(w for u in units for w in ([u.text] if not u.phrase else query_words(u.text))))
        fields = {"title_words": TITLE_BOOST, "body_words": 1.0}
        dfs = {w: gen.reader.doc_frequency("body_words", w) for w in words}
        rare = [w for w in words if dfs[w] <= COMMON_SHARE * n]
        scores = np.zeros(cols.size, dtype=np.float32)
        for word in rare or words:
            for f, boost in fields.items():
                if f == "body_words" and any(u.title_only for u in units if u.text == word):
                    continue
                ids, tf = postings(gen.reader, f, word, with_weights=True)
                if not len(ids):
                    continue
                idf = math.log(1 + (n - len(ids) + 0.5) / (len(ids) + 0.5))
                norm = K1 * (1 - B + B * cols.lengths[f][ids] / cols.average_length[f])
                scores[ids] += boost * idf * tf * (K1 + 1) / (tf + norm)
        return scores

    def _ranked(self, gen, parsed, mask, sort, limit) -> list[tuple[int, float]]:
        docs = np.flatnonzero(mask)
        if not len(docs):
            return []
        units = parsed.units
        if sort == "date" or not units:
            order = np.lexsort((docs, -gen.cols.dates[docs]))[:limit]
            return [(int(docs[i]), 0.0) for i in order]
        scores = self._scores(gen, units)[docs] + MATCHED_FLOOR
        top = np.argsort(-scores, kind="stable")[:max(limit, RERANK_WINDOW)]
        ranked = [(int(docs[i]), float(scores[i])) for i in top]
        pairs = [compact(a.text + b.text).encode() for clause in parsed.clauses for alt in clause
                 for a, b in zip(alt, alt[1:])]
        if pairs:
            def with_bonus(item):
                text = gen.cols.compact_text(item[0])
                return item[0], item[1] * (1 + PROXIMITY_BONUS * sum(p in text for p in pairs) / len(pairs))
            ranked = sorted(map(with_bonus, ranked), key=lambda x: -x[1])
        return ranked[:limit]

    # ---------------------------------------------------------------- hits

    @staticmethod
    def _patterns(units: list[Unit]) -> list[tuple[object, bool]]:
        return [(highlight.phrase_pattern(u.text), u.title_only) for u in units]

    @staticmethod
    def _spans(text: str, patterns, is_title: bool) -> list[tuple[int, int]]:
        norm = highlight.normalise(text)
        return [span for pattern, title_only in patterns if is_title or not title_only
                for span in highlight.find_spans(norm, pattern)]

    def _hit(self, gen, docnum, score, patterns) -> Hit:
        stored = gen.searcher.stored_fields(docnum)
        title, body = stored["title"], stored["body"]
        return Hit(
            id=stored["id"], title=title,
            title_html=highlight.mark(title, self._spans(title, patterns, True)),
            snippet_html=highlight.snippet(body, self._spans(body, patterns, False)),
            districts=stored_districts(stored), date=stored.get("date"),
            reporters=stored["reporters"], kind=stored["kind"], score=round(score, 3),
        )

    # ---------------------------------------------------------------- public

    def search(self, q: str = "", districts=(), years=(), sort: str = "relevance",
               page: int = 1, per_page: int = 10) -> SearchResult:
        started = time.perf_counter()
        if sort not in SORTS:
            raise QueryError(f"未知的排序方式“{sort}”，可用：{'、'.join(SORTS)}")
        if not isinstance(page, int) or page < 1:
            raise QueryError("页码必须是从 1 开始的整数")
        if not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
            raise QueryError(f"每页条数必须在 1 到 {MAX_PER_PAGE} 之间")
        parsed = parse(q)
        districts = list(dict.fromkeys([*districts, *parsed.districts]))
        years = [str(y) for y in dict.fromkeys(years)]
        with self._lock:
            gen = self._generation()
            mask = self._matching(gen, parsed)
            notices = list(parsed.notices)
            if not mask.any() and (fallback := parsed.any_word()):
                mask = self._matching(gen, fallback)
                if mask.any():
                    parsed = fallback
                    notices.append(FALLBACK_NOTICE)
            mask, facets = self._facets(gen, mask, districts, years)
            total = int(mask.sum())
            if not parsed.units and sort == "relevance":
                sort = "date"
            hits = []
            if (page - 1) * per_page < total:        # past the last page: nothing to rank
                ranked = self._ranked(gen, parsed, mask, sort, page * per_page)
                patterns = self._patterns(parsed.units)
                hits = [self._hit(gen, d, s, patterns) for d, s in ranked[(page - 1) * per_page:]]
        took = round((time.perf_counter() - started) * 1000, 2)
        return SearchResult(query=q, total=total, page=page, per_page=per_page, took_ms=took,
                            notice=" ".join(notices), hits=hits, facets=facets,
                            districts=districts, years=years, sort=sort)

    def _docnum(self, gen, article_id: str) -> int:
        docnum = gen.searcher.document_number(id=article_id)
        if docnum is None:
            raise NotFound(f"没有编号为“{article_id}”的文章")
        return docnum

    def article(self, article_id: str) -> dict:
        with self._lock:
            gen = self._generation()
            return from_stored(gen.searcher.stored_fields(self._docnum(gen, article_id))).to_dict()

    def highlighted_article(self, article_id: str, q: str = "") -> dict:
        """The whole article with the query's matches marked in title and body (for the article page)."""
        patterns = self._patterns(parse(q).units)
        with self._lock:
            gen = self._generation()
            stored = gen.searcher.stored_fields(self._docnum(gen, article_id))
        article = from_stored(stored).to_dict()
        article["title_html"] = highlight.mark(stored["title"], self._spans(stored["title"], patterns, True))
        article["body_html"] = highlight.mark(stored["body"], self._spans(stored["body"], patterns, False))
        return article

    def related(self, article_id: str, limit: int = 5) -> list[dict]:
        """Articles sharing the rarer words of this one's body, those of the same district first."""
        with self._lock:
            gen = self._generation()
            docnum = self._docnum(gen, article_id)
            stored = gen.searcher.stored_fields(docnum)
            mine = gen.cols.districts[docnum]
            similar = gen.searcher.more_like(docnum, "body_words", text=stored["body"], top=limit * 3,
                                             numterms=12)
            scored = sorted(((hit.docnum, hit.score * (1.5 if (gen.cols.districts[hit.docnum] & mine).any() else 1))
                             for hit in similar), key=lambda x: -x[1])
            out = []
            for d, _ in scored[:limit]:
                s = gen.searcher.stored_fields(d)
                out.append({"id": s["id"], "title": s["title"], "date": s.get("date"),
                            "districts": stored_districts(s)})
        return out
