"""What keeps a query's cost from growing with the archive gives the same answers as the plain way:
the posting cache, the in-place phrase check, the partitioned top-k, pages cut from one order."""
from __future__ import annotations

import numpy as np
import pytest

from search import postings as postings_module
from search import ranking
from search.engine import Engine
from search.posting_cache import PostingCache
from search.ranking import _largest
from search.analysis import is_cjk
from search.schema import COMPACT_SEPARATOR, FIRST_CAP


def test_largest_is_the_head_of_a_stable_descending_sort():
    rng = np.random.default_rng(0)
    for size, k in ((0, 5), (3, 5), (1000, 10), (1000, 999), (5000, 50)):
        values = rng.integers(0, 20, size).astype(np.float32)     # many ties
        assert np.array_equal(_largest(values, k), np.argsort(-values, kind="stable")[:k])


def test_pages_of_a_multi_word_query_are_cut_from_one_order(engine, monkeypatch):
    """Every hit once, whatever the page size: the proximity rerank no longer depends on the page.
    The window is made smaller than the pages, as it is against 100-hit pages of a large archive."""
    monkeypatch.setattr(ranking, "RERANK_WINDOW", 3)
    q = "高质量 发展"
    whole = engine.search(q, per_page=100)
    assert whole.total > 10
    ids = [h.id for page in range(1, whole.total // 4 + 2) for h in engine.search(q, page=page, per_page=4).hits]
    assert len(ids) == whole.total == len(set(ids))
    assert ids == [h.id for h in whole.hits]


def test_cached_postings_are_the_decoded_ones_and_stay_within_the_budget(engine):
    snap = engine._snapshot()
    reader = snap.reader
    cache = PostingCache(reader, budget_mb=0.01)      # 10,000 bytes
    terms = [t.decode() for t in reader.lexicon("body_grams")][:300]
    for term in [t for t in terms for _ in (1, 2)]:          # each twice in a row: a hit each
        ids, weights = cache("body_grams", term, with_weights=True)
        plain_ids, plain_weights = postings_module.postings(reader, "body_grams", term, with_weights=True)
        assert np.array_equal(ids, plain_ids) and np.array_equal(weights, plain_weights)
        assert cache.used <= cache.budget
    assert cache.hits and cache.misses and 0 < len(cache._lists) < len(terms)
    assert [cache.frequency("body_grams", t) for t in terms[:50]] == [reader.doc_frequency("body_grams", t) for t in terms[:50]]
    for prefix in ("发", "郑", "氢"):
        want = [t.decode() for t in reader.expand_prefix("body_grams", prefix)]
        assert want and cache.expand_prefix("body_grams", prefix) == want == cache.expand_prefix("body_grams", prefix)


@pytest.mark.parametrize("needles", [[("郑州", False)], [("发展", True)], [("郑州", False), ("发展", False)]])
@pytest.mark.parametrize("earliest", ["none", "zero", "below the first occurrence", "known where it is"])
def test_phrase_check_in_place_matches_reading_each_text(engine, needles, earliest):
    """Whatever lower bound a needle comes with, the documents found are those whose text holds it."""
    cols = engine._snapshot().cols
    docnums = np.arange(cols.size, dtype=np.int64)
    sep = COMPACT_SEPARATOR.encode()
    texts = [cols.compact.text(d) for d in range(cols.size)]
    rng = np.random.default_rng(7)

    def bound(needle: bytes, title_only: bool):
        if earliest == "none":
            return None
        if earliest == "zero":
            return np.zeros(cols.size, dtype=np.int32)
        first = np.array([max((t.split(sep, 1)[0] if title_only else t).find(needle), 0) for t in texts],
                         dtype=np.int32)
        return first - rng.integers(0, 4, cols.size).astype(np.int32)      # may be negative: clipped
    # (each bound is given for every document here: docnums are all of them)

    def known(needle: bytes, title_only: bool, at):
        """True for some of the documents whose needle stands exactly at the offset given (never elsewhere)."""
        if earliest != "known where it is":
            return None
        return np.array([at[d] >= 0 and (t.split(sep, 1)[0] if title_only else t)[at[d]:].startswith(needle)
                         and d % 2 == 0 for d, t in enumerate(texts)])

    def needle(n: str, t: bool):
        at = bound(n.encode(), t)
        if earliest == "known where it is":
            at = np.array([(x.split(sep, 1)[0] if t else x).find(n.encode()) for x in texts], dtype=np.int32)
        return n.encode(), t, at, known(n.encode(), t, at)

    encoded = [needle(n, t) for n, t in needles]
    expected = [d for d in range(cols.size) if all(
        n in (texts[d].split(sep, 1)[0] if t else texts[d]) for n, t, _, _ in encoded)]
    assert expected
    assert all(mapped is not None for mapped in cols.compact.maps)      # the segment files are mapped
    assert cols.compact.holding(docnums, encoded, sep).tolist() == expected
    cols.compact.maps[::2] = [None] * len(cols.compact.maps[::2])   # segments Whoosh could not map: read value by value
    assert cols.compact.holding(docnums, encoded, sep).tolist() == expected
    cols.compact.maps[:] = [None] * len(cols.compact.maps)
    try:
        assert cols.compact.holding(docnums, encoded, sep).tolist() == expected
    finally:
        engine._snap = None                # the next test opens a fresh snapshot


def test_gram_postings_store_where_each_bigram_first_stands(engine):
    """The first place kept with a CJK bigram's posting is where the bigram first stands in the compact text
    (title | body), found here by a plain byte search; grams of the body count from after the headline."""
    snap = engine._snapshot()
    checked = 0
    for d in range(0, snap.cols.size, 7):
        text = snap.cols.compact.text(d)
        decoded = text.decode("utf-8")
        bigrams = {decoded[i:i + 2] for i in range(len(decoded) - 1)
                   if all(is_cjk(c) for c in decoded[i:i + 2])}
        for gram in sorted(bigrams)[:25]:
            places = [int(firsts[ids == d][0]) for f in ("title_grams", "body_grams")
                      for ids, firsts in [snap.postings.firsts(f, gram)] if (ids == d).any()]
            assert min(places) == min(text.find(gram.encode("utf-8")), FIRST_CAP), (d, gram)
            checked += 1
    assert checked >= 150
    engine._snap = None


def test_warm_queries_answer_as_cold_ones(seed_index):
    cold = Engine(seed_index)
    first = [(r.total, [h.id for h in r.hits]) for r in map(cold.search, ("郑州", "\"高质量发展\"", "项目 建设"))]
    again = [(r.total, [h.id for h in r.hits]) for r in map(cold.search, ("郑州", "\"高质量发展\"", "项目 建设"))]
    assert first == again and cold._snapshot().postings.hits
    cold.close()


def test_arrays_reopened_after_an_add_are_those_of_a_fresh_open(tmp_path, seed_articles):
    from search import indexer
    from search.snapshot import Snapshot

    indexer.build(seed_articles[:30], tmp_path, procs=1)
    engine = Engine(tmp_path)
    before = engine._snapshot().cols.segments
    indexer.add(seed_articles[30:], tmp_path)
    indexer.remove([seed_articles[0].id], tmp_path)
    reopened = engine._snapshot().cols
    assert set(before) < set(reopened.segments)
    assert all(reopened.segments[sid] is part for sid, part in before.items())     # taken over, not read
    fresh = Snapshot.of_live_build(tmp_path).cols
    assert reopened.size == fresh.size == len(seed_articles) and not reopened.live[0]
    assert np.array_equal(reopened.live, fresh.live) and np.array_equal(reopened.dates, fresh.dates)
    assert all(np.array_equal(reopened.lengths[f], fresh.lengths[f]) for f in fresh.lengths)
    assert reopened.district_names == fresh.district_names and np.array_equal(reopened.districts, fresh.districts)
    assert reopened.year_names == fresh.year_names and np.array_equal(reopened.years, fresh.years)
    assert np.array_equal(reopened.compact.starts, fresh.compact.starts)
    assert [reopened.compact.text(d) for d in range(fresh.size)] == [fresh.compact.text(d) for d in range(fresh.size)]
    assert engine.search("郑州").total == Engine(tmp_path).search("郑州").total
    reporters = engine._snapshot().reporters
    assert set(reporters.segments) == set(reopened.segments)
    snap = Snapshot.of_live_build(tmp_path)
    by_lookup = {(int(d), name) for name in (t.decode() for t in snap.reader.lexicon("reporter"))
                 for d in postings_module.postings(snap.reader, "reporter", name)[0]}       # a lookup per name
    assert by_lookup and {(int(d), reporters.names[i]) for d, i in zip(reporters.docs, reporters.ids)} == by_lookup
    assert reporters.names == sorted(reporters.names)
    engine.close()


def test_a_phrase_is_taken_as_found_from_its_grams_places_only_when_they_cover_it(tmp_path):
    """Every gram first standing where the phrase would put it proves the phrase only when each of its
    grams is counted once: 一批 stands twice in 谋划一批招引一批, and its first place says nothing of the second."""
    from search.article import Article
    from tests.conftest import build_index

    texts = {"a": "谋划一批、招引一批。", "b": "谋划一批，招引一个项目，落地一批。", "c": "招引一批，谋划一批。",
             "d": "今年开门红。", "e": "开门迎客，满堂红。"}
    folder = build_index([Article(id=k, title=f"标题{k}", body=v, date="2024-01-0" + str(i + 1))
                          for i, (k, v) in enumerate(texts.items())], tmp_path / "index")
    engine = Engine(folder)
    for phrase in ("谋划一批、招引一批", "开门红", "招引一", "谋划一批"):
        want = {k for k, v in texts.items() if phrase.replace("、", "") in v.replace("、", "")}
        assert {h.id for h in engine.search(f'"{phrase}"', per_page=10).hits} == want, phrase
    engine.close()


def test_the_posting_store_bound_grows_with_the_archive(engine):
    from search import posting_cache

    reader = engine._snapshot().reader
    assert PostingCache(reader).budget == int(posting_cache.BUDGET_MB * 1e6)        # a small archive: the floor
    assert PostingCache(reader, budget_mb=1).budget == 1_000_000

    class Large:                                   # what the bound is asked of a reader: its document count
        def doc_count_all(self):
            return 1_000_000

    assert PostingCache(Large()).budget == 1_000 * 1_000_000
