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
from search.schema import COMPACT_SEPARATOR


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
def test_phrase_check_in_place_matches_reading_each_text(engine, needles):
    cols = engine._snapshot().cols
    docnums = np.arange(cols.size, dtype=np.int64)
    encoded = [(n.encode(), t) for n, t in needles]
    sep = COMPACT_SEPARATOR.encode()
    expected = [d for d in range(cols.size) if all(
        n in (cols.compact_text(d).split(sep, 1)[0] if t else cols.compact_text(d)) for n, t in encoded)]
    assert expected
    assert all(column.map is not None for column in cols._compact)     # the segment files are mapped
    assert cols.holding(docnums, encoded, sep).tolist() == expected
    for column in cols._compact:
        column.map = None                  # a segment Whoosh could not map: values are read one by one
    try:
        assert cols.holding(docnums, encoded, sep).tolist() == expected
    finally:
        engine._snap = None                # the next test opens a fresh snapshot


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
    assert engine.search("郑州").total == Engine(tmp_path).search("郑州").total
    engine.close()
