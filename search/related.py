"""Related articles: those sharing the rarest key terms of an article's body, same district first.

An article's key terms are stored at indexing as its body's term vector (schema.KeyTerms: its most
frequent words), so an article page reads them back instead of segmenting the whole body with jieba,
which Whoosh's more_like did on every page (170 ms against 18 ms a page at 20,000 articles, BENCHMARKS.md).
Up to a dozen of them, the weightiest and rarest, are scored like a query (the weighted sum of per-field
BM25 scores over title and body words, search.ranking).
"""
from __future__ import annotations

import math

import numpy as np

from search.query import Unit
from search.ranking import scores
from search.snapshot import Snapshot

TERMS = 12                # key terms an article is matched by, at most
MIN_TERMS = 4             # at least, taking common words when the body has too few others
SAME_DISTRICT = 1.5       # score factor for an article sharing a district with this one
COMMON_SHARE = 0.05       # a word in more than this share of the articles says little about a topic and
                          # is the costliest to score (its posting list is the longest)


def key_terms(snap: Snapshot, docnum: int, n: int = TERMS) -> list[str]:
    """Up to n key terms of the body, those weighing most (tf × idf); common words only to make up
    MIN_TERMS. A word no other article has finds nothing, so it is left out."""
    reader = snap.reader
    if not reader.has_vector(docnum, "body_words"):
        return []
    total = max(reader.doc_count(), 1)
    ranked = []
    for term, count in reader.vector_as("weight", docnum, "body_words"):
        df = reader.doc_frequency("body_words", term)
        if df > 1:
            ranked.append((df > COMMON_SHARE * total, -count * math.log(total / df), term))
    return [term for k, (common, _, term) in enumerate(sorted(ranked)[:n]) if k < MIN_TERMS or not common]


def similar(snap: Snapshot, docnum: int, limit: int) -> list[int]:
    """Document numbers of up to `limit` live articles most like this one, best first."""
    terms = key_terms(snap, docnum)
    if not terms:
        return []
    cols = snap.cols
    score = scores(snap, [Unit(t) for t in terms])
    score[~cols.live] = 0
    score[docnum] = 0
    candidates = np.flatnonzero(score)
    if not len(candidates):
        return []
    shares_district = (cols.districts[candidates] & cols.districts[docnum]).any(axis=1)
    weighted = score[candidates] * np.where(shares_district, SAME_DISTRICT, 1.0)
    best = np.lexsort((candidates, -weighted))[:limit]
    return [int(candidates[i]) for i in best]
