"""Postings as numpy arrays: the per-document data the query stage computes with, read from Whoosh.

Whoosh's matchers hand out one posting at a time through Python calls (~3 µs each with scoring); a
query touching tens of thousands of postings must not pay that. Here a term's posting list is decoded a
block at a time into arrays (search.whoosh_private.term_blocks), and the per-document values every query needs (field lengths, districts,
years, liveness) are read once per opened index.
"""
from __future__ import annotations

import numpy as np
from search.whoosh_private import term_blocks


def postings(reader, field: str, term: str, with_weights: bool = False):
    """(docnums, weights or None) of a term over every segment; deleted documents are left in (the
    caller masks them out once, with `Columns.live`)."""
    ids_parts, weight_parts = [], []
    for leaf, base in reader.leaf_readers():
        if (field, term) not in leaf:
            continue
        for ids, weights in term_blocks(leaf, field, term, with_weights):
            ids_parts.append(np.asarray(ids, dtype=np.int64) + base)
            if with_weights:
                weight_parts.append(np.asarray(weights, dtype=np.float32))
    if not ids_parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, (np.zeros(0, dtype=np.float32) if with_weights else None)
    ids = np.concatenate(ids_parts)
    return ids, (np.concatenate(weight_parts) if with_weights else None)


def _date_numbers(leaf) -> list[int]:
    """A segment's dates as numbers; Whoosh writes no date column at all for a segment without dates."""
    if not leaf.has_column("date"):
        return [0] * leaf.doc_count_all()
    column = leaf.column_reader("date")
    try:
        return [int(column[d].replace("-", "") or 0) for d in range(leaf.doc_count_all())]
    except IndexError:
        return [0] * leaf.doc_count_all()


class Columns:
    """Per-document arrays read once per opened index: what filters, facets and BM25 need for every hit."""

    def __init__(self, reader, length_fields: tuple[str, ...]):
        n = reader.doc_count_all()
        self.size = n
        self.live = np.ones(n, dtype=bool)
        for leaf, base in reader.leaf_readers():
            for d in leaf.deleted_docs_set if hasattr(leaf, "deleted_docs_set") else ():
                self.live[base + d] = False
        self.lengths = {f: np.array([reader.doc_field_length(d, f, 0) for d in range(n)], dtype=np.float32)
                        for f in length_fields}
        self.average_length = {f: max(float(reader.field_length(f)) / max(reader.doc_count(), 1), 1.0)
                               for f in length_fields}
        self.district_names = [t.decode("utf-8") for t in reader.lexicon("districts")]
        self.districts = np.zeros((n, len(self.district_names)), dtype=bool)
        for j, name in enumerate(self.district_names):
            self.districts[postings(reader, "districts", name)[0], j] = True
        self.year_names = [t.decode("utf-8") for t in reader.lexicon("year")]
        self.years = np.full(n, -1, dtype=np.int32)
        for j, name in enumerate(self.year_names):
            self.years[postings(reader, "year", name)[0]] = j
        self.dates = np.zeros(n, dtype=np.int32)     # 20230214; 0 when the article has no date
        for leaf, base in reader.leaf_readers():
            self.dates[base:base + leaf.doc_count_all()] = _date_numbers(leaf)
        # The compact-text column of each segment, read without Whoosh's multi-segment and translating
        # layers: confirming a phrase reads it for every candidate, and those layers cost ~5 µs a read.
        self._compact = [(base, base + leaf.doc_count_all(), leaf.column_reader("compact", translate=False))
                         for leaf, base in reader.leaf_readers()]

    def compact_texts(self, docnums: np.ndarray):
        """(docnum, compact text) for sorted document numbers, a segment at a time."""
        for base, end, column in self._compact:
            lo, hi = np.searchsorted(docnums, (base, end))
            for d in docnums[lo:hi].tolist():
                yield d, column[d - base]

    def compact_text(self, docnum: int) -> bytes:
        base, _, column = next(c for c in self._compact if c[0] <= docnum < c[1])
        return column[docnum - base]
