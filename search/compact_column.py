"""The compact-text column of every segment, searched in place: where phrases are confirmed.

Each document's compact text (normalised title | body, letters and digits only; search.schema) is a value
of a Whoosh column in its segment's file. Whoosh reads a value with a seek and a copy (~3 µs); confirming
a phrase in 60,000 candidates needs work bounded to each document's bytes instead. With the segment files
memory-mapped (Whoosh's default), where each document's bytes lie is known for the whole index at once
(one array of starts and ends), so a phrase is compared at given places for all candidates in a few numpy
operations per segment, and only the rest are searched with mmap.find; a segment Whoosh did not map is
read value by value.
"""
from __future__ import annotations

import numpy as np

from search.whoosh_private import mapped_source

WORD = 8
# (needle, title only, earliest offset per document or None, known to stand there per document or None)
Needle = tuple[bytes, bool, "np.ndarray | None", "np.ndarray | None"]


def _words(needle: bytes) -> list[tuple[int, int, int]]:
    """(offset, little-endian word, mask) covering the needle in 8-byte words, the last one overlapping
    the one before it (or masked, for a needle shorter than a word)."""
    if len(needle) < WORD:
        return [(0, int.from_bytes(needle, "little"), (1 << 8 * len(needle)) - 1)]
    offsets = [*range(0, len(needle) - WORD, WORD), len(needle) - WORD]
    return [(o, int.from_bytes(needle[o:o + WORD], "little"), (1 << 64) - 1) for o in offsets]


class CompactColumn:
    def __init__(self, leaves, spans):
        """leaves: (segment reader, base docnum) of each segment, in docnum order; spans: for each, where
        its documents' compact texts lie in its mapped file (starts, ends; search.postings reads them once
        per segment and takes them over after an add), or None when the segment is not mapped."""
        self.leaves, self.bases, self.maps = [], [], []
        self._readers = {}
        starts, ends, segments = [], [], []
        for k, ((leaf, base), span) in enumerate(zip(leaves, spans)):
            n = leaf.doc_count_all()
            source = mapped_source(leaf, "compact") if span is not None else None
            self.leaves.append(leaf)
            self.bases.append(base)
            self.maps.append(source[0] if source else None)
            starts.append(span[0] if source else np.zeros(n, dtype=np.int64))
            ends.append(span[1] if source else np.zeros(n, dtype=np.int64))
            segments.append(np.full(n, k, dtype=np.int32))
        self.starts = np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)
        self.ends = np.concatenate(ends) if ends else np.zeros(0, dtype=np.int64)
        self.segments = np.concatenate(segments) if segments else np.zeros(0, dtype=np.int32)

    def _value(self, k: int, docnum: int) -> bytes:
        """A document's text read through Whoosh, for a segment that is not mapped."""
        if k not in self._readers:
            self._readers[k] = self.leaves[k].column_reader("compact", translate=False)
        return self._readers[k][docnum - self.bases[k]]

    def text(self, docnum: int) -> bytes:
        k = int(self.segments[docnum])
        mapped = self.maps[k]
        if mapped is None:
            return self._value(k, docnum)
        return mapped[int(self.starts[docnum]):int(self.ends[docnum])]

    def texts(self, docnums: np.ndarray):
        """(docnum, compact text) for document numbers."""
        for d in np.asarray(docnums).tolist():
            yield d, self.text(d)

    def holding(self, docnums: np.ndarray, needles: list[Needle], separator: bytes) -> np.ndarray:
        """The sorted docnums whose compact text holds every needle; a (needle, True, …) only in the title,
        the part before the separator. The third element, when given, holds for each of the docnums a byte
        offset the needle's first occurrence cannot precede (for a title needle, its first occurrence in
        the title): the needle is compared there for all documents at once, and only where it is not
        found is the rest of the text searched. The fourth, when given, says for each of the docnums that
        the needle is known to stand at that offset (its grams' places show it), so nothing is read."""
        docnums = np.asarray(docnums, dtype=np.int64)
        keep = np.ones(len(docnums), dtype=bool)
        segments, starts, ends = self.segments[docnums], self.starts[docnums], self.ends[docnums]
        for needle, title_only, earliest, known in needles:
            left = np.flatnonzero(keep)
            at = starts[left] if earliest is None else np.minimum(starts[left] + np.maximum(earliest[left], 0),
                                                                  ends[left])
            found = known[left] if known is not None else np.zeros(len(left), dtype=bool)
            if earliest is not None:
                self._equal_at(found, np.flatnonzero(~found), segments[left], at, ends[left], needle)
            rest = np.flatnonzero(~found)
            rows = left[rest]
            separator_or_none = separator if title_only else None
            for k, segment, docnum, start, place, end in zip(
                    rest.tolist(), segments[rows].tolist(), docnums[rows].tolist(), starts[rows].tolist(),
                    at[rest].tolist(), ends[rows].tolist()):
                found[k] = self._search(segment, docnum, start, place, end, needle, separator_or_none)
            keep[left[~found]] = False
        return docnums[keep]

    def _equal_at(self, equal: np.ndarray, which: np.ndarray, segments: np.ndarray, at: np.ndarray,
                  ends: np.ndarray, needle: bytes) -> None:
        """Set equal[i], for i in which, where document i's text holds the needle exactly at at[i] (segments
        sorted). The bytes are compared eight at a time: the mapped file is viewed as one unaligned 8-byte
        word at every byte, so each word of the needle is one gather over the candidates of a segment."""
        fitting = which[at[which] + len(needle) <= ends[which]]
        if not len(fitting):
            return
        words_of_needle = _words(needle)
        segments = segments[fitting]
        cuts = (np.flatnonzero(segments[1:] != segments[:-1]) + 1).tolist()
        for lo, hi in zip([0, *cuts], [*cuts, len(fitting)]):
            mapped = self.maps[segments[lo]]
            if mapped is None or len(mapped) < WORD:
                continue                                   # searched value by value
            words = np.ndarray((len(mapped) - WORD + 1,), dtype="<u8", buffer=mapped, strides=(1,))
            run = fitting[lo:hi]
            places = at[run]
            if places[-1] >= len(words):                  # a word must fit in the file (places are sorted)
                run, places = run[places < len(words)], places[places < len(words)]
            same = np.ones(len(run), dtype=bool)
            for offset, word, mask in words_of_needle:
                same &= (words[places + offset] & mask) == word
            equal[run] = same

    def _search(self, k: int, docnum: int, start: int, at: int, end: int, needle: bytes,
                separator: bytes | None) -> bool:
        """Whether the document's text holds the needle from `at` on (in the title only, with a separator)."""
        mapped = self.maps[k]
        if mapped is None:
            text = self._value(k, docnum)
            return needle in (text.split(separator, 1)[0] if separator else text)
        if separator:
            end = max(mapped.find(separator, start, end), at)
        return mapped.find(needle, at, end) >= 0
