"""Decoded posting lists of frequent terms, kept across the queries of one snapshot.

Decoding a posting list goes through Whoosh a block at a time (~128 postings per Python call), so a term
in most of the archive costs milliseconds per field and per query, in proportion to the archive; and
even a rare term is looked up in every segment (~40 at 100,000 articles, ~50 µs each). Decoded lists
(int32 document numbers; float32 weights of words, uint16 first places of grams), empty ones included,
are kept in a least-recently-used store bounded in bytes; a snapshot's store goes with it when the index
changes. Results are not cached: every query still intersects, checks, counts and ranks.

The bound grows with the archive, since a common term's list does: at 100,000 articles 256 MB holds the
lists of the ~1,000 most frequent terms; at 1,000,000 the bound is 1 GB (a common gram's list is ~4 MB
there), a worker's largest share of memory.
"""
from __future__ import annotations

from collections import OrderedDict

import numpy as np

from search.postings import gram_postings, postings

BUDGET_MB = 256          # at the least
BUDGET_PER_ARTICLE = 1_000   # bytes: 1 GB at 1,000,000 articles
ENTRY_OVERHEAD = 300     # bytes of Python objects per kept list, counted against the budget
MAX_FREQUENCIES = 500_000  # document frequencies remembered (~100 bytes each) before starting afresh


class PostingCache:
    def __init__(self, reader, budget_mb: float | None = None):
        self.reader = reader
        self.budget = int(budget_mb * 1e6) if budget_mb is not None else \
            max(int(BUDGET_MB * 1e6), BUDGET_PER_ARTICLE * reader.doc_count_all())
        self.used = 0
        self.hits = self.misses = 0
        self._lists: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray | None]] = OrderedDict()
        self._frequencies: dict[tuple[str, str], int] = {}
        self._prefixed: dict[tuple[str, str], list[str]] = {}

    def expand_prefix(self, field: str, prefix: str) -> list[str]:
        """The field's terms starting with prefix (a lone character's bigrams for the planner); Whoosh
        merges every segment's term list for it, a third of a long query's time at 40,000 articles.
        CJK characters are a few thousand, so the answers stay few."""
        key = (field, prefix)
        if key not in self._prefixed:
            self._prefixed[key] = [t.decode("utf-8") for t in self.reader.expand_prefix(field, prefix)]
        return self._prefixed[key]

    def frequency(self, field: str, term: str) -> int:
        """The term's document frequency; Whoosh sums it over the segments with a lookup in each, and
        the query planner asks it for every gram of every unit."""
        key = (field, term)
        found = self._frequencies.get(key)
        if found is None:
            if len(self._frequencies) >= MAX_FREQUENCIES:
                self._frequencies.clear()
            found = self._frequencies[key] = self.reader.doc_frequency(field, term)
        return found

    def __call__(self, field: str, term: str, with_weights: bool = False):
        """(docnums, weights or None), as search.postings.postings; of a gram, (docnums, None)."""
        ids, weights = self._taken(field, term, with_weights,
                                   lambda: postings(self.reader, field, term, with_weights))
        return ids, (weights if with_weights else None)

    def has(self, field: str, term: str) -> bool:
        """Whether the gram's list is decoded (with its first places): taking it costs no decoding."""
        found = self._lists.get((field, term))
        return found is not None and found[1] is not None

    def firsts(self, field: str, term: str):
        """(docnums, first places) of a gram, as search.postings.gram_postings."""
        return self._taken(field, term, True, lambda: gram_postings(self.reader, field, term))

    def _taken(self, field: str, term: str, with_values: bool, decode):
        """The kept list, or the decoded one kept; a list kept without its values (weights or first
        places) does not serve a call that wants them."""
        key = (field, term)
        found = self._lists.get(key)
        if found is not None and (found[1] is not None or not with_values):
            self._lists.move_to_end(key)
            self.hits += 1
            return found
        self.misses += 1
        ids, values = decode()
        self._keep(key, ids.astype(np.int32), values)
        return ids, values

    def _keep(self, key, ids, weights) -> None:
        size = self._size((ids, weights))
        if size > self.budget:
            return
        if key in self._lists:
            self.used -= self._size(self._lists.pop(key))
        while self.used + size > self.budget:
            self.used -= self._size(self._lists.popitem(last=False)[1])
        self._lists[key] = (ids, weights)
        self.used += size

    @staticmethod
    def _size(entry) -> int:
        return entry[0].nbytes + (entry[1].nbytes if entry[1] is not None else 0) + ENTRY_OVERHEAD
