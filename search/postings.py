"""Postings as numpy arrays: the per-document data the query stage computes with, read from Whoosh.

Whoosh's matchers hand out one posting at a time through Python calls (~3 µs each with scoring); a
query touching tens of thousands of postings must not pay that. Here a term's posting list is decoded a
block at a time into arrays (search.whoosh_private.term_blocks), and the per-document values every query
needs (field lengths, districts, years, liveness) are read once per opened index, a segment at a time.
"""
from __future__ import annotations

import numpy as np
from whoosh.util.numeric import byte_to_length

from search.whoosh_private import length_bytes, mapped_column, term_blocks


def postings(reader, field: str, term: str, with_weights: bool = False):
    """(docnums, weights or None) of a term over every segment; deleted documents are left in (the
    caller masks them out once, with `Columns.live`)."""
    ids_parts, weight_parts = [], []
    for leaf, base in reader.leaf_readers():
        for ids, weights in term_blocks(leaf, field, term, with_weights):
            ids_parts.append(np.asarray(ids, dtype=np.int64) + base)
            if with_weights:
                weight_parts.append(np.asarray(weights, dtype=np.float32))
    if not ids_parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, (np.zeros(0, dtype=np.float32) if with_weights else None)
    ids = np.concatenate(ids_parts)
    return ids, (np.concatenate(weight_parts) if with_weights else None)


def _date_numbers(leaf) -> np.ndarray:
    """A segment's dates as numbers; Whoosh writes no date column at all for a segment without dates."""
    n = leaf.doc_count_all()
    if not leaf.has_column("date"):
        return np.zeros(n, dtype=np.int32)
    column = leaf.column_reader("date", translate=False)
    try:
        return np.fromiter((int(column[d].replace(b"-", b"") or 0) for d in range(n)), dtype=np.int32, count=n)
    except IndexError:
        return np.zeros(n, dtype=np.int32)


_BYTE_TO_LENGTH = np.array([0] + [byte_to_length(b) for b in range(1, 256)], dtype=np.float32)


def _lengths(leaf, field: str) -> np.ndarray:
    """A segment's field lengths from its length column (one byte a document, Whoosh's lossy encoding),
    decoded at once instead of one call per document."""
    out = np.zeros(leaf.doc_count_all(), dtype=np.float32)
    raw = np.frombuffer(length_bytes(leaf, field), dtype=np.uint8)
    out[:len(raw)] = _BYTE_TO_LENGTH[raw]
    return out


class _Segment:
    """The arrays of one segment. Segments never change once written (deletions aside, read apart), so
    a snapshot reopened after an add or remove takes these over and reads only new segments."""

    def __init__(self, leaf, length_fields: tuple[str, ...]):
        self.size = leaf.doc_count_all()
        self.lengths = {f: _lengths(leaf, f) for f in length_fields}
        self.dates = _date_numbers(leaf)                # 20230214; 0 when the article has no date
        self.districts = {t.decode("utf-8"): postings(leaf, "districts", t.decode("utf-8"))[0]
                          for t in leaf.lexicon("districts")}
        self.years = {t.decode("utf-8"): postings(leaf, "year", t.decode("utf-8"))[0] for t in leaf.lexicon("year")}


class Columns:
    """Per-document arrays read once per opened index: what filters, facets and BM25 need for every hit.
    `known`: the per-segment arrays of the snapshot this one replaces (`segments`), reused by segment id."""

    def __init__(self, reader, length_fields: tuple[str, ...], known: dict | None = None):
        n = reader.doc_count_all()
        self.size = n
        self.live = np.ones(n, dtype=bool)
        leaves = reader.leaf_readers()
        self.segments = {}
        parts = []
        for leaf, base in leaves:
            for d in leaf.deleted_docs_set if hasattr(leaf, "deleted_docs_set") else ():
                self.live[base + d] = False
            sid = leaf.segment().segment_id()
            part = (known or {}).get(sid) or _Segment(leaf, length_fields)
            self.segments[sid] = part
            parts.append((base, part))

        def joined(pick, dtype) -> np.ndarray:
            return np.concatenate([pick(p) for _, p in parts]) if parts else np.zeros(0, dtype=dtype)

        self.lengths = {f: joined(lambda p: p.lengths[f], np.float32) for f in length_fields}
        self.average_length = {f: max(float(reader.field_length(f)) / max(reader.doc_count(), 1), 1.0)
                               for f in length_fields}
        self.dates = joined(lambda p: p.dates, np.int32)
        self.district_names = sorted({name for _, p in parts for name in p.districts})
        self.districts = np.zeros((n, len(self.district_names)), dtype=bool)
        self.year_names = sorted({name for _, p in parts for name in p.years})
        self.years = np.full(n, -1, dtype=np.int32)
        for base, p in parts:
            for j, name in enumerate(self.district_names):
                if name in p.districts:
                    self.districts[p.districts[name] + base, j] = True
            for j, name in enumerate(self.year_names):
                if name in p.years:
                    self.years[p.years[name] + base] = j
        self._compact = [_CompactColumn(leaf, base) for leaf, base in leaves]

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

    def compact_texts(self, docnums: np.ndarray):
        """(docnum, compact text) for sorted document numbers, a segment at a time."""
        for column in self._compact:
            lo, hi = np.searchsorted(docnums, (column.base, column.end))
            for d in docnums[lo:hi].tolist():
                yield d, column.reader[d - column.base]

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
        self.map, self.starts, self.ends = mapped_column(leaf, "compact") or (None, None, None)

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
