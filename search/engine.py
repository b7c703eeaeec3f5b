"""Query stage: a `ParsedQuery` runs against the index; BM25F ranking, exact phrases, facets, highlights.

Matching is done on sets of document numbers, so OR, exclusion, phrase verification and facet counts
are exact over the whole result set; Whoosh then scores only the documents in that set.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import scoring, sorting

from search import highlight
from search.analysis import compact, is_cjk, normalise, query_grams, segmenter
from search.errors import NotFound, QueryError
from search.indexer import CURRENT, current_build
from search.query import ParsedQuery, Unit, parse
from search.schema import COMPACT_SEPARATOR, from_stored

TITLE_BOOST = 3.0
GRAM_BOOST = 0.5          # grams rescue recall; the words field should decide the ranking
PROXIMITY_BONUS = 0.5     # score × (1 + bonus × share of query word pairs standing together)
RERANK_WINDOW = 50
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
    """One opened build: its searcher plus the per-document facet values read once from postings."""

    def __init__(self, build: Path):
        self.build = build
        self.index = whoosh_index.open_dir(build)
        self.searcher = self.index.searcher(weighting=scoring.BM25F())
        self.load_facets()

    def load_facets(self):
        reader = self.searcher.reader()
        self.doc_districts: dict[int, list[str]] = {}
        for term in reader.lexicon("districts"):
            value = term.decode("utf-8")
            for docnum in reader.postings("districts", term).all_ids():
                self.doc_districts.setdefault(docnum, []).append(value)
        self.doc_year: dict[int, str] = {}
        for term in reader.lexicon("year"):
            value = term.decode("utf-8")
            for docnum in reader.postings("year", term).all_ids():
                self.doc_year[docnum] = value
        self.compact = reader.column_reader("compact")

    def refresh(self):
        """Reopen after add/remove (Whoosh's own refresh() reuses segment readers and misses deletions)."""
        if not self.searcher.up_to_date():
            self.searcher.close()
            self.searcher = self.index.searcher(weighting=scoring.BM25F())
            self.load_facets()


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
                self._gen.searcher.close()      # the previous build: nothing else holds it
            self._gen = fresh
        else:
            self._gen.refresh()
        return self._gen

    def close(self):
        with self._lock:
            if self._gen:
                self._gen.searcher.close()
                self._gen = None

    # ---------------------------------------------------------------- matching

    def _unit_query(self, unit: Unit) -> wq.Query:
        """Matches every document holding the unit (possibly more, for phrases: see _verified)."""
        fields = ("title",) if unit.title_only else ("title", "body")
        boost = {"title": TITLE_BOOST, "body": 1.0}
        grams = query_grams(unit.text)
        options: list[wq.Query] = []
        for f in fields:
            if len(grams) == 1 and len(grams[0]) == 1 and is_cjk(grams[0]):
                gram_q = wq.Prefix(f"{f}_grams", grams[0], boost=boost[f] * GRAM_BOOST)
            else:
                gram_q = wq.And([wq.Term(f"{f}_grams", g) for g in grams], boost=boost[f] * GRAM_BOOST)
            options.append(gram_q)
            if not unit.phrase:
                options.append(wq.Term(f"{f}_words", unit.text, boost=boost[f]))
        return wq.Or(options)

    def _unit_docs(self, gen: _Generation, unit: Unit) -> set[int]:
        docs = set(gen.searcher.docs_for_query(self._unit_query(unit)))
        if unit.phrase and len(query_grams(unit.text)) > 1:
            needle = compact(unit.text).encode("utf-8")
            docs = {d for d in docs if self._contains(gen, d, needle, unit.title_only)}
        return docs

    @staticmethod
    def _contains(gen: _Generation, docnum: int, needle: bytes, title_only: bool) -> bool:
        text = gen.compact[docnum]
        if title_only:
            text = text.split(COMPACT_SEPARATOR.encode(), 1)[0]
        return needle in text

    def _alternative_docs(self, gen, alternative) -> set[int]:
        docs: set[int] | None = None
        for unit in sorted(alternative, key=lambda u: -len(u.text)):   # rarer (longer) units first
            found = self._unit_docs(gen, unit)
            docs = found if docs is None else docs & found
            if not docs:
                break
        return docs or set()

    def _matching(self, gen: _Generation, parsed: ParsedQuery) -> set[int]:
        docs: set[int] | None = None
        for clause in parsed.clauses:
            found = set().union(*(self._alternative_docs(gen, alt) for alt in clause))
            docs = found if docs is None else docs & found
            if not docs:
                return set()
        if docs is None:       # nothing positive: browse every article
            docs = set(gen.searcher.docs_for_query(wq.Every()))
        for alternative in parsed.excluded:
            docs -= self._alternative_docs(gen, alternative)
        return docs

    # ---------------------------------------------------------------- facets

    @staticmethod
    def _facets(gen, docs, districts, years) -> tuple[set[int], dict]:
        """Multi-select facets: each facet counts the set filtered by the *other* facet's choice."""
        def by_district(d):
            return not districts or any(x in districts for x in gen.doc_districts.get(d, ()))

        def by_year(d):
            return not years or gen.doc_year.get(d) in years

        district_counts: dict[str, int] = {}
        year_counts: dict[str, int] = {}
        final = set()
        for d in docs:
            in_d, in_y = by_district(d), by_year(d)
            if in_y:
                for x in gen.doc_districts.get(d, ()):
                    district_counts[x] = district_counts.get(x, 0) + 1
            if in_d and d in gen.doc_year:
                year_counts[gen.doc_year[d]] = year_counts.get(gen.doc_year[d], 0) + 1
            if in_d and in_y:
                final.add(d)

        def listing(counts, selected, key):
            values = sorted(set(counts) | set(selected), key=key)
            return [{"value": v, "count": counts.get(v, 0), "selected": v in selected} for v in values]

        facets = {
            "district": listing(district_counts, districts, lambda v: (-district_counts.get(v, 0), v)),
            "year": listing(year_counts, years, lambda v: v),
        }
        return final, facets

    # ---------------------------------------------------------------- ranking and hits

    def _ranked(self, gen, parsed, docs, sort, limit) -> list[tuple[int, float]]:
        if not docs:
            return []
        units = parsed.units
        if sort == "date" or not units:
            facet = sorting.MultiFacet([sorting.FieldFacet("date", reverse=True), sorting.FieldFacet("id")])
            results = gen.searcher.search(wq.Every(), filter=docs, limit=limit, sortedby=facet)
            return [(hit.docnum, 0.0) for hit in results]
        scorer = wq.Or([self._unit_query(u) for u in units])
        results = gen.searcher.search(scorer, filter=docs, limit=max(limit, RERANK_WINDOW))
        ranked = [(hit.docnum, hit.score) for hit in results]
        pairs = [compact(a.text + b.text).encode() for clause in parsed.clauses for alt in clause
                 for a, b in zip(alt, alt[1:])]
        if pairs:
            def bonus(item):
                near = sum(p in gen.compact[item[0]] for p in pairs) / len(pairs)
                return item[1] * (1 + PROXIMITY_BONUS * near)
            ranked = sorted(((d, bonus((d, s))) for d, s in ranked), key=lambda x: -x[1])
        return ranked[:limit]

    def _spans(self, gen, docnum, field, text, units) -> list[tuple[int, int]]:
        """Word spans from the offsets stored in the index; phrases (and words found only inside a
        longer word) by a punctuation-insensitive scan of the stored text."""
        spans: list[tuple[int, int]] = []
        norm = None
        for unit in units:
            if unit.title_only and field != "title":
                continue
            found = []
            reader = gen.searcher.reader()
            if not unit.phrase and (f"{field}_words", unit.text) in reader:
                m = reader.postings(f"{field}_words", unit.text)
                m.skip_to(docnum)
                if m.is_active() and m.id() == docnum:
                    found = [(s, e) for _, s, e in m.value_as("characters")]
            if not found:
                norm = norm if norm is not None else normalise(text)
                found = highlight.find_spans(norm, highlight.phrase_pattern(unit.text))
            spans += found
        return spans

    def _hit(self, gen, docnum, score, units) -> Hit:
        stored = gen.searcher.stored_fields(docnum)
        title, body = stored["title"], stored["body"]
        return Hit(
            id=stored["id"], title=title,
            title_html=highlight.mark(title, self._spans(gen, docnum, "title", title, units)),
            snippet_html=highlight.snippet(body, self._spans(gen, docnum, "body", body, units)),
            districts=[d for d in stored["districts"].split(",") if d], date=stored.get("date"),
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
            docs = self._matching(gen, parsed)
            notices = list(parsed.notices)
            if not docs and (fallback := parsed.any_word()):
                docs = self._matching(gen, fallback)
                if docs:
                    parsed = fallback
                    notices.append(FALLBACK_NOTICE)
            docs, facets = self._facets(gen, docs, districts, years)
            if not parsed.units and sort == "relevance":
                sort = "date"
            hits = []
            if (page - 1) * per_page < len(docs):        # past the last page: nothing to rank
                ranked = self._ranked(gen, parsed, docs, sort, page * per_page)
                hits = [self._hit(gen, d, s, parsed.units) for d, s in ranked[(page - 1) * per_page:]]
        took = round((time.perf_counter() - started) * 1000, 2)
        return SearchResult(query=q, total=len(docs), page=page, per_page=per_page, took_ms=took,
                            notice=" ".join(notices), hits=hits, facets=facets,
                            districts=districts, years=years, sort=sort)

    def article(self, article_id: str) -> dict:
        with self._lock:
            stored = self._generation().searcher.document(id=article_id)
        if stored is None:
            raise NotFound(f"没有编号为“{article_id}”的文章")
        return from_stored(stored).to_dict()

    def highlighted_article(self, article_id: str, q: str = "") -> dict:
        """The whole article with the query's matches marked in title and body (for the article page)."""
        units = parse(q).units
        with self._lock:
            gen = self._generation()
            docnum = gen.searcher.document_number(id=article_id)
            if docnum is None:
                raise NotFound(f"没有编号为“{article_id}”的文章")
            stored = gen.searcher.stored_fields(docnum)
            article = from_stored(stored).to_dict()
            article["title_html"] = highlight.mark(stored["title"], self._spans(gen, docnum, "title", stored["title"], units))
            article["body_html"] = highlight.mark(stored["body"], self._spans(gen, docnum, "body", stored["body"], units))
        return article

    def related(self, article_id: str, limit: int = 5) -> list[dict]:
        """Articles sharing the rarer words of this one's body, those of the same district first."""
        with self._lock:
            gen = self._generation()
            docnum = gen.searcher.document_number(id=article_id)
            if docnum is None:
                raise NotFound(f"没有编号为“{article_id}”的文章")
            stored = gen.searcher.stored_fields(docnum)
            mine = set(gen.doc_districts.get(docnum, ()))
            similar = gen.searcher.more_like(docnum, "body_words", text=stored["body"], top=limit * 3,
                                             numterms=12)
            scored = [(hit.docnum, hit.score * (1.5 if mine & set(gen.doc_districts.get(hit.docnum, ())) else 1))
                      for hit in similar]
            scored.sort(key=lambda x: -x[1])
            out = []
            for d, _ in scored[:limit]:
                s = gen.searcher.stored_fields(d)
                out.append({"id": s["id"], "title": s["title"], "date": s.get("date"),
                            "districts": [x for x in s["districts"].split(",") if x]})
        return out
