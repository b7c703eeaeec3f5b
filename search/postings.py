"""Postings as numpy arrays: the per-document data the query stage computes with, read from Whoosh.

Whoosh's matchers hand out one posting at a time through Python calls (~3 µs each with scoring); a
query touching tens of thousands of postings must not pay that. Here a term's posting list is decoded a
block at a time into arrays, and the per-document values every query needs (field lengths, districts,
years, liveness) are read once per opened index.
"""
from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher


def _blocks(matcher, with_weights: bool):
    """(ids, weights) of each block; reaches into W3LeafMatcher, whose block arrays Whoosh keeps private."""
    if not isinstance(matcher, W3LeafMatcher):            # short lists are stored inline in the term info
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        yield ids, weights
        return
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if with_weights and matcher._weights is None:
            matcher._read_weights()
        yield matcher._ids, (matcher._weights if with_weights else None)
        matcher._next_block()


def postings(reader, field: str, term: str, with_weights: bool = False):
    """(docnums, weights or None) of a term over every segment; deleted documents are left in (the
    caller masks them out once, with `Columns.live`)."""
    ids_parts, weight_parts = [], []
    for leaf, base in reader.leaf_readers():
        if (field, term) not in leaf:
            continue
        tbytes = leaf._text_to_bytes(field, term)
        matcher = leaf._terms.matcher(field, tbytes, leaf.schema[field].format)
        for ids, weights in _blocks(matcher, with_weights):
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
        self._compact = [_CompactColumn(leaf, base) for leaf, base in reader.leaf_readers()]

    def holding(self, docnums: np.ndarray, needles: list[tuple[bytes, bool]], separator: bytes) -> np.ndarray:
        """The sorted docnums whose compact text holds every needle; a (needle, True) only in the title,
        the part before the separator. Searched in place in the mapped segment files, one bounded find
        per document and needle, without copying any text out."""
        kept = []
        for column in self._compact:
            lo, hi = np.searchsorted(docnums, (column.base, column.end))
            if lo < hi:
                kept.append(column.holding(docnums[lo:hi], needles, separator))
        return np.concatenate(kept) if kept else np.zeros(0, dtype=np.int64)

    def compact_text(self, docnum: int) -> bytes:
        column = next(c for c in self._compact if c.base <= docnum < c.end)
        return column.reader[docnum - column.base]


class _CompactColumn:
    """One segment's compact-text column. Whoosh reads a value with a seek and a copy (~3 µs); confirming a
    phrase in 80,000 candidates needs a find bounded to each document's bytes instead. With the segment
    file memory-mapped (Whoosh's default), mmap.find does that in place; otherwise values are read."""

    def __init__(self, leaf, base: int):
        self.base, self.end = base, base + leaf.doc_count_all()
        self.reader = leaf.column_reader("compact", translate=False)
        lengths = np.asarray(self.reader._lengths, dtype=np.int64)
        offsets = np.asarray(self.reader._offsets, dtype=np.int64)
        self.map = None
        storage = getattr(leaf, "_storage", None)
        source = getattr(storage, "_source", None)
        entry = next((e for name, e in getattr(storage, "_dir", {}).items() if name.endswith(".compact.col")), None)
        if source is not None and entry is not None and hasattr(source, "find"):
            self.map = source
            self.starts = offsets + entry["offset"] + self.reader._basepos
            self.ends = self.starts + lengths

    def holding(self, docnums: np.ndarray, needles, separator: bytes) -> np.ndarray:
        if self.map is None:
            texts = ((d, self.reader[d - self.base]) for d in docnums.tolist())
            return np.asarray([d for d, text in texts
                               if all(n in (text.split(separator, 1)[0] if t else text) for n, t in needles)],
                              dtype=np.int64)
        local = docnums - self.base
        keep = zip(docnums.tolist(), self.starts[local].tolist(), self.ends[local].tolist())
        find = self.map.find
        for needle, title_only in needles:
            if title_only:
                keep = [(d, s, e) for d, s, e in keep if 0 <= find(needle, s, max(find(separator, s, e), s))]
            else:
                keep = [(d, s, e) for d, s, e in keep if find(needle, s, e) >= 0]
        return np.asarray([d for d, _, _ in keep], dtype=np.int64)
