"""Postings as numpy arrays: the per-document data the query stage computes with, read from Whoosh.

Whoosh's matchers hand out one posting at a time through Python calls (~3 µs each with scoring); a
query touching tens of thousands of postings must not pay that. Here a term's posting list is decoded a
block at a time into arrays (search.whoosh_private.term_blocks), and the per-document values every query
needs (field lengths, districts, years, liveness) are read once per opened index, a segment at a time.
"""
from __future__ import annotations

import numpy as np
from whoosh.util.numeric import byte_to_length

from search.compact_column import CompactColumn
from search.facets import Tallies
from search.schema import FIRST
from search.whoosh_private import length_bytes, mapped_column, term_blocks


def postings(reader, field: str, term: str, with_weights: bool = False):
    """(docnums, weights or None) of a term over every segment; deleted documents are left in (the
    caller masks them out once, with `Columns.live`)."""
    return _decoded(reader, field, term, "weights" if with_weights else None)


def gram_postings(reader, field: str, term: str):
    """(docnums, first places) of a gram over every segment: where the gram first stands in each
    document's compact text (search.schema.GramFirsts; 0, still a lower bound, in an index built without)."""
    return _decoded(reader, field, term, "values")


_EXTRA_DTYPES = {"weights": np.float32, "values": np.dtype(FIRST.format)}


def _extra(kind: str, block, size: int) -> np.ndarray:
    if kind == "weights":
        return np.asarray(block, dtype=np.float32)
    if block is None:
        return np.zeros(size, dtype=_EXTRA_DTYPES["values"])
    return np.frombuffer(block, dtype=_EXTRA_DTYPES["values"])


def _decoded(reader, field: str, term: str, kind: str | None):
    ids_parts, extra_parts = [], []
    for leaf, base in reader.leaf_readers():
        for ids, block in term_blocks(leaf, field, term, kind):
            ids_parts.append(np.asarray(ids, dtype=np.int64) + base)
            if kind:
                extra_parts.append(_extra(kind, block, len(ids)))
    if not ids_parts:
        return np.zeros(0, dtype=np.int64), (np.zeros(0, dtype=_EXTRA_DTYPES[kind]) if kind else None)
    return np.concatenate(ids_parts), (np.concatenate(extra_parts) if kind else None)


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
        mapped = mapped_column(leaf, "compact")
        self.compact = mapped[1:] if mapped else None    # where each compact text lies in the segment file


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
        self.tallies = Tallies(self.dates, self.districts)
        self.compact = CompactColumn(leaves, [p.compact for _, p in parts])
