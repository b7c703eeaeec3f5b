"""Reporters as a column: which documents each reporter's name is on, read once per opened index, so
`reporter:` filters, bare names in the query and the reporter facet cost a numpy pass, not a lookup per hit.

Held as (document, reporter) pairs rather than a documents × reporters matrix: an archive has thousands
of reporters and an article one to three of them. Read a segment at a time, each segment's names in one
pass along its term index, and a segment's pairs are taken over by the column of the next snapshot (an
add or remove reads only new segments), as search.postings.Columns does with its arrays.
"""
from __future__ import annotations

import numpy as np

from search.analysis import normalise
from search.facets import DENSE
from search.whoosh_private import field_postings

FIELD = "reporter"


class _Segment:
    """One segment's (segment-local document, name) pairs."""

    def __init__(self, leaf):
        names, docs, ids = [], [], []
        for name, found in field_postings(leaf, FIELD) if FIELD in leaf.schema else ():
            docs += found
            ids += [len(names)] * len(found)
            names.append(name)
        self.names = names
        self.docs = np.asarray(docs, dtype=np.int32)
        self.ids = np.asarray(ids, dtype=np.int32)


class ReporterColumn:
    def __init__(self, names: list[str], docs: np.ndarray, ids: np.ndarray, size: int, segments: dict | None = None):
        """names[ids[k]] is on document docs[k]; size is the number of documents; `segments`: the parts it
        was read from, by segment id, for the next snapshot to take over."""
        self.size = size
        self.names = names
        self._index = {name: i for i, name in enumerate(names)}
        self.docs = np.asarray(docs, dtype=np.int32)
        self.ids = np.asarray(ids, dtype=np.int32)
        self.segments = segments or {}
        # the pairs in document order, with where each document's pairs start, for counting a mask's
        # documents' names by gathering only their pairs
        order = np.argsort(self.docs, kind="stable")
        self._ids_by_doc = self.ids[order]
        self._doc_starts = np.searchsorted(self.docs[order], np.arange(size + 1)).astype(np.int64)
        # and grouped by name, for counting a dense mask with one gather and one running sum
        order = np.argsort(self.ids, kind="stable")
        self._docs_by_name = self.docs[order]
        self._name_ends = np.searchsorted(self.ids[order], np.arange(1, len(names) + 1))

    @classmethod
    def read(cls, reader, size: int, known: dict | None = None) -> ReporterColumn:
        """The column of an opened index (empty for an index built before the field existed); `known`:
        the `segments` of the column this one replaces."""
        segments, parts = {}, []
        for leaf, base in reader.leaf_readers():
            sid = leaf.segment().segment_id()
            part = segments[sid] = (known or {}).get(sid) or _Segment(leaf)
            parts.append((base, part))
        names = sorted({name for _, part in parts for name in part.names})    # counts break ties by name order
        index = {name: i for i, name in enumerate(names)}
        docs = [part.docs + base for base, part in parts]
        ids = [np.asarray([index[n] for n in part.names], dtype=np.int32)[part.ids] if part.names else part.ids
               for _, part in parts]
        return cls(names, np.concatenate(docs) if docs else [], np.concatenate(ids) if ids else [], size, segments)

    def known(self, name: str) -> bool:
        return normalise(name).strip() in self._index

    def mask(self, names) -> np.ndarray:
        """Documents carrying any of the names (a multi-select filter is an OR)."""
        chosen = [self._index[n] for n in (normalise(x).strip() for x in names) if n in self._index]
        out = np.zeros(self.size, dtype=bool)
        if chosen:
            out[self.docs[np.isin(self.ids, chosen)]] = True
        return out

    def _pairs(self, docs: np.ndarray) -> np.ndarray:
        """Positions in document order of the pairs of the (sorted) documents: each one's run, joined."""
        starts = self._doc_starts[docs]
        lengths = self._doc_starts[docs + 1] - starts
        runs = np.cumsum(lengths)
        return np.repeat(starts - (runs - lengths), lengths) + np.arange(runs[-1] if len(runs) else 0)

    def counts(self, mask: np.ndarray, limit: int, selected=()) -> dict[str, int]:
        """Documents of the mask per reporter: the `limit` largest (ties by name), and the selected ones.
        Counting and choosing stay in numpy: an archive has tens of thousands of reporters."""
        if not len(self.ids):
            return {}
        docs = np.flatnonzero(mask)
        if len(docs) * DENSE < self.size:
            counted = np.bincount(self._ids_by_doc[self._pairs(docs)], minlength=len(self.names))
        else:
            running = np.concatenate(([0], np.cumsum(mask[self._docs_by_name], dtype=np.int64)))
            counted = np.diff(running[np.concatenate(([0], self._name_ends))])
        found = np.flatnonzero(counted)
        if len(found) > limit:
            # keep those reaching the limit-th largest count (ties too: the cut is then made by name); the
            # counts are small integers, so a histogram finds that count faster than a partition
            values = counted[found]
            reaching = np.cumsum(np.bincount(values)[::-1])[::-1]      # reaching[c]: how many have ≥ c
            found = found[values >= int(np.flatnonzero(reaching >= limit)[-1])]
        top = found[np.lexsort((found, -counted[found]))][:limit]     # names are indexed in sorted order
        out = dict(zip([self.names[i] for i in top.tolist()], counted[top].tolist()))
        for name in selected:
            if (i := self._index.get(name)) is not None and counted[i]:
                out.setdefault(name, int(counted[i]))
        return out
