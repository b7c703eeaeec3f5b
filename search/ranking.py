"""Ranking: the order of the matched documents, by relevance or by date.

Relevance is a weighted sum of per-field BM25 scores (title words boosted, body words), computed with
numpy from decoded postings, then the top of the list is reranked with a bonus for query words standing
together in the text.
"""
from __future__ import annotations

import math

import numpy as np

from search.analysis import compact
from search.query import ParsedQuery, Unit, unit_words
from search.snapshot import Snapshot

FIELD_WEIGHTS = {"title_words": 3.0, "body_words": 1.0}
K1, B = 1.2, 0.75
COMMON_SHARE = 0.5        # words in more than half the articles barely rank; skip them when others exist
PROXIMITY_BONUS = 0.5     # score × (1 + bonus × share of query word pairs standing together)
RERANK_WINDOW = 50
# Added to every matched document's score. A document matched only inside longer jieba words has no
# word posting to score it; the floor gives it a nonzero score the proximity bonus can still raise.
# The same for every document, it does not reorder the scored ones.
MATCHED_FLOOR = 1e-3


def scores(snap: Snapshot, units: list[Unit]) -> np.ndarray:
    """Per-document relevance: each field's BM25 over the query's words, times the field's weight, summed."""
    cols = snap.cols
    n = max(int(cols.live.sum()), 1)
    words = unit_words(units)
    dfs = {w: snap.postings.frequency("body_words", w) for w in words}
    rare = [w for w in words if dfs[w] <= COMMON_SHARE * n]
    out = np.zeros(cols.size, dtype=np.float32)
    for word in rare or words:
        for f, weight in FIELD_WEIGHTS.items():
            if f == "body_words" and any(u.title_only for u in units if u.text == word):
                continue
            ids, tf = snap.postings(f, word, with_weights=True)
            if not len(ids):
                continue
            out[ids] += bm25(tf, cols.lengths[f][ids], cols.average_length[f], len(ids), n, weight)
    return out


def bm25(tf: np.ndarray, lengths: np.ndarray, average_length: float, df: int, n: int,
         weight: float = 1.0) -> np.ndarray:
    """One word's BM25 in one field for the documents holding it (term frequencies `tf`, field `lengths`),
    times the field's weight; `df` of the `n` live documents hold the word."""
    idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
    norm = K1 * (1 - B + B * lengths / average_length)
    return weight * idf * tf * (K1 + 1) / (tf + norm)


def proximity_factor(text: bytes, pairs: list[bytes]) -> float:
    """1 + PROXIMITY_BONUS × the share of the query's adjacent word pairs that stand together in `text`."""
    return 1 + PROXIMITY_BONUS * sum(p in text for p in pairs) / len(pairs)


def ranked(snap: Snapshot, parsed: ParsedQuery, mask: np.ndarray, sort: str, limit: int) -> list[tuple[int, float]]:
    """The first `limit` (docnum, score) pairs of the matched documents; newest first for a date sort
    or a query without words."""
    docs = np.flatnonzero(mask)
    if not len(docs):
        return []
    units = parsed.units
    if sort == "date" or not units:
        order = np.lexsort((docs, -snap.cols.dates[docs]))[:limit]
        return [(int(docs[i]), 0.0) for i in order]
    matched = scores(snap, units)[docs] + MATCHED_FLOOR
    top = _largest(matched, max(limit, RERANK_WINDOW))
    out = [(int(docs[i]), float(matched[i])) for i in top[:limit]]
    pairs = [compact(a.text + b.text).encode() for clause in parsed.clauses for alt in clause
             for a, b in zip(alt, alt[1:])]
    if pairs:
        # Only the first RERANK_WINDOW are reranked, whatever the page: every page then cuts the same order.
        def with_bonus(item):
            return item[0], item[1] * proximity_factor(snap.cols.compact.text(item[0]), pairs)
        window = [(int(docs[i]), float(matched[i])) for i in top[:RERANK_WINDOW]]
        out = sorted(map(with_bonus, window), key=lambda x: -x[1]) + out[RERANK_WINDOW:]
    return out[:limit]


def _largest(values: np.ndarray, k: int) -> np.ndarray:
    """Indexes of the k largest values, largest first, ties in index order: the first k of a stable
    descending sort, found by partitioning (linear) instead of sorting every match."""
    if len(values) > k:
        threshold = np.partition(values, len(values) - k)[len(values) - k]
        above = np.flatnonzero(values > threshold)
        chosen = np.concatenate([above, np.flatnonzero(values == threshold)[:k - len(above)]])
    else:
        chosen = np.arange(len(values))
    return chosen[np.lexsort((chosen, -values[chosen]))]
