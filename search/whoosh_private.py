"""Every use of Whoosh's private names, in one place, with the version it was written against.

whoosh-reloaded 2.7.5 (WRITTEN_FOR); `apply()` refuses any other version, and
tests/test_whoosh_private.py checks each use below against Whoosh's own public answers on the seed index.
Whoosh's own test suite (tag v2.7.5, `tests/`) was run once with `apply()` in place: see
BENCHMARKS.md, "Whoosh internals".

Private names used here:
- `SegmentReader._terms`, `SegmentReader._text_to_bytes`, `W3TermsReader._codec`, `._postfile`,
  `W3TermInfo.is_inlined()`, `.inlined_postings()`, `W3LeafMatcher._ids`, `._weights`, `._read_ids()`,
  `._read_weights()`, `._next_block()`: decoding a posting list a block at a time (`term_blocks`), ~50×
  fewer Python calls than Whoosh's matcher interface, with one term-info lookup per segment;
- `VarBytesColumn.Reader._offsets`, `._lengths`, `._basepos`, `SegmentReader._storage`,
  `OverlayStorage.a`, `.b`, `CompoundStorage._source`, `._dir`: where each value of the compact-text
  column lies in the memory-mapped segment file (`mapped_column`), to search it in place;
- `NumericColumn.Reader._dbfile`, `._basepos`, `._count`: a segment's length column as bytes
  (`length_bytes`), decoded with numpy instead of a call per document;
- `SegmentReader._perdoc`, `W3PerDocReader._doccount`, `._cached_reader()`, `whoosh3._lenfield`,
  `whoosh3.LENGTHS_COLUMN`: the field-length lookup replaced by `apply()`;
- `TOC._latest_generation`, `index._DEF_INDEX_NAME`: an index's commit number without opening it.
The multi-process writer subclass in search/writers.py also overrides MpWriter's private methods
(`_new_task`, `_enqueue`, `_commit`, …): those are its whole purpose, so they stay with it; the contract
test checks that they exist.

The fix `apply()` makes: Whoosh asks for a document's field length for every posting it writes. Each call
rebuilt the column's name and, for a field without lengths (our unscorable gram fields), checked the file
system again, because only columns that exist were cached: 245,000 stat() calls for 300 articles, about
40 % of build time (cProfile). The patched lookup remembers the column (or its absence) per field; the
answers are unchanged.
"""
from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import numpy as np
from whoosh.codec import whoosh3
from whoosh.reading import TermNotFound

WRITTEN_FOR = "2.7.5"
ORIGINAL_DOC_FIELD_LENGTH = whoosh3.W3PerDocReader.doc_field_length


def _doc_field_length(self, docnum, fieldname, default=0):
    if docnum > self._doccount:
        raise IndexError("Asked for docnum %r of %d" % (docnum, self._doccount))
    columns = self.__dict__.setdefault("_length_columns", {})
    if fieldname not in columns:
        columns[fieldname] = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
    column = columns[fieldname]
    if column is None:
        return default
    lbyte = column[docnum]
    if lbyte:
        return whoosh3.byte_to_length(lbyte)


def apply() -> None:
    """Install the field-length fix; safe to call again. Any whoosh-reloaded but WRITTEN_FOR is refused:
    the names above may have changed, so run the contract test against it and update WRITTEN_FOR."""
    installed = version("whoosh-reloaded")
    if installed != WRITTEN_FOR:
        raise RuntimeError(f"search.whoosh_private was written against whoosh-reloaded {WRITTEN_FOR}, "
                           f"{installed} is installed: run tests/test_whoosh_private.py, then update WRITTEN_FOR")
    whoosh3.W3PerDocReader.doc_field_length = _doc_field_length


def per_doc_reader(leaf):
    """A segment's per-document reader (where field lengths live)."""
    return leaf._perdoc


def leaf_matcher(leaf, field: str, term: str):
    """A term's raw matcher in one segment: no deletion filter, no scorer. A block-coded list (one too
    long to be stored inline in the term info) gives a W3LeafMatcher."""
    return leaf._terms.matcher(field, leaf._text_to_bytes(field, term), leaf.schema[field].format)


def term_blocks(leaf, field: str, term: str, with_weights: bool):
    """(ids, weights or None) of each block of a term's posting list in one segment, ids segment-local;
    nothing when the segment lacks the term. One term-info lookup per segment (a search at 100,000
    articles looks a term up in some 40 segments); short lists are stored inline in the term info and
    are taken from it as one block, without a matcher."""
    terms = leaf._terms
    tbytes = leaf._text_to_bytes(field, term)
    try:
        info = terms.term_info(field, tbytes)
    except TermNotFound:
        return
    if info.is_inlined():
        ids, weights, _ = info.inlined_postings()
        yield ids, (weights if with_weights else None)
        return
    matcher = terms._codec.postings_reader(terms._postfile, info, leaf.schema[field].format, term=(field, tbytes))
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if with_weights and matcher._weights is None:
            matcher._read_weights()
        yield matcher._ids, (matcher._weights if with_weights else None)
        matcher._next_block()


def length_bytes(leaf, field: str) -> bytes:
    """A segment's field-length column as stored: one byte a document (Whoosh's lossy length encoding,
    see `whoosh3.byte_to_length`), possibly shorter than the segment (the rest are 0); b"" without one."""
    column = leaf._perdoc._cached_reader(whoosh3._lenfield(field), whoosh3.LENGTHS_COLUMN)
    if column is None or not column._count:
        return b""
    return column._dbfile.get(column._basepos, column._count)


def _storages(storage):
    """A segment's storage and, when Whoosh overlays its compound file on the folder, both layers."""
    if storage is not None:
        yield storage
        for layer in (getattr(storage, "a", None), getattr(storage, "b", None)):
            yield from _storages(layer)


def mapped_column(leaf, name: str):
    """(mmap, start offsets, end offsets) of each document's value of a variable-bytes column in the
    memory-mapped segment file, or None when the segment is not a mapped compound file."""
    reader = leaf.column_reader(name, translate=False)
    offsets = np.asarray(reader._offsets, dtype=np.int64)
    lengths = np.asarray(reader._lengths, dtype=np.int64)
    for storage in _storages(getattr(leaf, "_storage", None)):
        source = getattr(storage, "_source", None)
        entry = next((e for file, e in getattr(storage, "_dir", {}).items() if file.endswith(f".{name}.col")), None)
        if source is not None and entry is not None and hasattr(source, "find"):
            starts = offsets + entry["offset"] + reader._basepos
            return source, starts, starts + lengths
    return None


def latest_generation(folder: str | Path) -> int:
    """The commit an index folder is at, from its file names alone (open_dir would unpickle the schema)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC, _DEF_INDEX_NAME

    return TOC._latest_generation(FileStorage(str(folder)), _DEF_INDEX_NAME)
