"""Every use of Whoosh's private names, in one place, with the version it was written against.

whoosh-reloaded 2.7.5 (WRITTEN_FOR); `apply()` refuses any other version, and
tests/test_whoosh_private.py checks each use below against Whoosh's own public answers on the seed index.
Whoosh's own test suite (tag v2.7.5, `tests/`) was run once with `apply()` in place: see
BENCHMARKS.md, "Whoosh internals".

Private names used here:
- `SegmentReader._terms`, `SegmentReader._text_to_bytes`, `W3TermsReader._postfile`,
  `W3TermsReader.items_from()` (a field's terms with their infos, in order: `field_postings`),
  `W3TermInfo.is_inlined()`, `.inlined_postings()`, `._offset`, `whoosh3.WHOOSH3_HEADER_MAGIC` and the
  block layout W3LeafMatcher reads: decoding a posting list a block at a time straight from the postings
  file (`term_blocks`), ~50× fewer Python calls than Whoosh's matcher interface and no matcher per list,
  with one term-info lookup per segment, and a block's fixed-size values taken as the one bytes object
  Whoosh stores;
- `VarBytesColumn.Reader._offsets`, `._lengths`, `._basepos`, `SegmentReader._storage`,
  `OverlayStorage.a`, `.b`, `CompoundStorage._source`, `._dir`: where each value of the compact-text
  column lies in the memory-mapped segment file (`mapped_column`), to search it in place;
- `NumericColumn.Reader._dbfile`, `._basepos`, `._count`: a segment's length column as bytes
  (`length_bytes`), decoded with numpy instead of a call per document;
- `SegmentReader._perdoc`, `W3PerDocReader._doccount`, `._cached_reader()`, `whoosh3._lenfield`,
  `whoosh3.LENGTHS_COLUMN`: the field-length lookup replaced by `apply()`;
- `TOC._latest_generation`, `index._DEF_INDEX_NAME`: an index's commit number without opening it;
- `structfile.BufferFile.file`: what a segment's sub-file reads through, replaced by `apply()`;
- `MpWriter._new_task`, `._enqueue`, `._commit`, `._merge_segments`, `._finalize_segment`,
  `._close_segment`, `._commit_toc`, `._finish`, `._added` and its `tasks`, `jobqueue`, `resultqueue`,
  `docbuffer`: the multi-process writer that fails loudly (`CheckedMpWriter`).

The fix `apply()` makes: Whoosh asks for a document's field length for every posting it writes. Each call
rebuilt the column's name and, for a field without lengths (our unscorable gram fields), checked the file
system again, because only columns that exist were cached: 245,000 stat() calls for 300 articles, about
40 % of build time (cProfile). The patched lookup remembers the column (or its absence) per field; the
answers are unchanged.

The second fix: a segment's files are sub-files of one memory-mapped file, and Whoosh's `BufferFile` wraps
each in `BytesIO(memoryview)`, which copies it. Opening an index copied every segment's postings and term
index into memory: 0.96 GB of 1.9 GB at 100,000 articles, 9.4 GB at 1,000,000 (tracemalloc). `apply()`
gives each `BufferFile` a reader over the mapped bytes that copies only what is read.

The checked writer: Whoosh's MpWriter collects each worker's segment with a one-second timeout and quietly
goes on without the ones that never came, so a build whose worker was killed committed an index short of
that worker's articles. Here a worker's death (any exit before it was told to finish, or a non-zero exit
after) raises BuildIncomplete, or StorageError when the worker ran out of disk space or permission; the
live workers are stopped, and nothing is committed.
"""
from __future__ import annotations

import ctypes
import io
import os
import pickle
import queue
import signal
import struct
import sys
import zlib
from array import array
from importlib.metadata import version
from pathlib import Path

import numpy as np
from whoosh.codec import whoosh3
from whoosh.filedb import structfile
from whoosh.reading import TermNotFound
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util import random_name

from search.errors import BuildIncomplete

WRITTEN_FOR = "2.7.5"
ORIGINAL_DOC_FIELD_LENGTH = whoosh3.W3PerDocReader.doc_field_length
ORIGINAL_BUFFER_FILE_INIT = structfile.BufferFile.__init__


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


_INT = struct.Struct("!i")   # a posting block's signed length, as Whoosh writes it
PEEK = 512           # bytes a peek returns, whatever was asked (allowed): a block header's pickle fits


class MappedReader(io.RawIOBase):
    """A read-only file over a memoryview: reads copy what they return, nothing else."""

    def __init__(self, view: memoryview):
        super().__init__()
        self._view = view
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = max(0, min(len(buffer), len(self._view) - self._pos))
        buffer[:n] = self._view[self._pos:self._pos + n]
        self._pos += n
        return n

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else min(self._pos + size, len(self._view))
        data = bytes(self._view[self._pos:end])
        self._pos = max(self._pos, end)
        return data

    def peek(self, size: int = 0) -> bytes:
        """What the next reads would return, without moving: pickle's loader looks ahead with it instead
        of reading opcode by opcode (twice as slow for Whoosh's block headers)."""
        return bytes(self._view[self._pos:self._pos + PEEK])

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._view)}[whence]
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        return self._pos


def _buffer_file_init(self, buf, name=None, onclose=None):
    ORIGINAL_BUFFER_FILE_INIT(self, b"", name=name, onclose=onclose)
    self._buf = buf
    self.file = MappedReader(memoryview(buf))


def apply() -> None:
    """Install the field-length and mapped-file fixes; safe to call again. Any whoosh-reloaded but WRITTEN_FOR is refused:
    the names above may have changed, so run the contract test against it and update WRITTEN_FOR."""
    installed = version("whoosh-reloaded")
    if installed != WRITTEN_FOR:
        raise RuntimeError(f"search.whoosh_private was written against whoosh-reloaded {WRITTEN_FOR}, "
                           f"{installed} is installed: run tests/test_whoosh_private.py, then update WRITTEN_FOR")
    whoosh3.W3PerDocReader.doc_field_length = _doc_field_length
    structfile.BufferFile.__init__ = _buffer_file_init


def per_doc_reader(leaf):
    """A segment's per-document reader (where field lengths live)."""
    return leaf._perdoc


def term_blocks(leaf, field: str, term: str, extra: str | None = None):
    """(ids, extra) of each block of a term's posting list in one segment, ids segment-local; `extra` is
    None, the block's weights ("weights"), or its values as one bytes object ("values", for a format of
    fixed-size values, which Whoosh stores joined; None when the block has none). Nothing when the
    segment lacks the term. One term-info lookup per segment (a search at 100,000 articles looks a term
    up in each of 20 segments); short lists are stored inline in the term info and are taken from it as one
    block, without a matcher."""
    terms = leaf._terms
    tbytes = leaf._text_to_bytes(field, term)
    try:
        info = terms.term_info(field, tbytes)
    except TermNotFound:
        return
    yield from _blocks(leaf, info, extra)


def field_postings(leaf, field: str):
    """(term, segment-local ids) of every term of a field in one segment, in term order: one pass along the
    segment's term index instead of a lookup per term and segment (reading the reporters' names that way
    at open cost 3.3 million lookups, 18 s, at 100,000 articles)."""
    for (name, tbytes), info in leaf._terms.items_from(field, b""):
        if name != field:
            return
        yield tbytes.decode("utf-8"), [i for ids, _ in _blocks(leaf, info, None) for i in ids]


def _blocks(leaf, info, extra: str | None):
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        if extra == "values":
            yield ids, b"".join(v or b"" for v in values) or None
        else:
            yield ids, (weights if extra == "weights" else None)
        return
    for count, (ids, weights, values) in _list_blocks(leaf._terms._postfile, info):
        ids = np.cumsum(np.asarray(ids, dtype=np.int64))    # stored as differences; Whoosh adds them in Python
        if extra == "weights":
            yield ids, _block_weights(weights, count)
        else:
            yield ids, (values if extra else None)


def _list_blocks(postfile, info):
    """(postings, (id differences, weights, values)) of each block of a block-coded posting list, read
    straight from the postings file: the layout W3LeafMatcher reads (a magic tag, then per block a signed
    length, negative on the last, a pickled header and the pickled, maybe zlib-compressed, data) without
    building a matcher per list and segment, which cost more than the blocks of a short list."""
    position = info._offset
    if postfile.get(position, len(whoosh3.WHOOSH3_HEADER_MAGIC)) != whoosh3.WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"no posting list at offset {position} of the postings file")
    position += len(whoosh3.WHOOSH3_HEADER_MAGIC)
    while True:
        length, = _INT.unpack(postfile.get(position, _INT.size))
        block = postfile.get(position + _INT.size, abs(length))
        stream = io.BytesIO(block)
        count, _, _, compressed, _, _ = pickle.load(stream)
        data = block[stream.tell():]
        yield count, pickle.loads(zlib.decompress(data) if compressed else data)
        if length < 0:
            return
        position += _INT.size + length


def _block_weights(weights, count: int):
    """A block's weights as stored: None when all are 1, one float when all are equal (W3LeafMatcher's
    _read_weights)."""
    if weights is None or isinstance(weights, float):
        return array("f", [1.0 if weights is None else weights]) * count
    return weights


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


def mapped_source(leaf, name: str):
    """(mmap, position of the column's file in it) of a segment's column, or None when the segment is not
    a mapped compound file. Cheap: reads no per-document offsets."""
    for storage in _storages(getattr(leaf, "_storage", None)):
        source = getattr(storage, "_source", None)
        entry = next((e for file, e in getattr(storage, "_dir", {}).items() if file.endswith(f".{name}.col")), None)
        if source is not None and entry is not None and hasattr(source, "find"):
            return source, entry["offset"]
    return None


def mapped_column(leaf, name: str):
    """(mmap, start offsets, end offsets) of each document's value of a variable-bytes column in the
    memory-mapped segment file, or None when the segment is not a mapped compound file."""
    found = mapped_source(leaf, name)
    if found is None:
        return None
    reader = leaf.column_reader(name, translate=False)
    starts = np.asarray(reader._offsets, dtype=np.int64) + found[1] + reader._basepos
    return found[0], starts, starts + np.asarray(reader._lengths, dtype=np.int64)


def latest_generation(folder: str | Path) -> int:
    """The commit an index folder is at, from its file names alone (open_dir would unpickle the schema)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC, _DEF_INDEX_NAME

    return TOC._latest_generation(FileStorage(str(folder)), _DEF_INDEX_NAME)


# ---------------------------------------------------------------- the checked multi-process writer

POLL = 0.5                  # seconds between checks on the workers while handing out work
RESULT_WAIT = 30.0          # a worker that finished cleanly has already queued its segment
OSERROR_EXIT = 100          # a worker's exit code for an OSError: OSERROR_EXIT + errno
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """A worker whose parent was killed would wait on the job queue forever."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class _Task(SubWriterTask):
    """A worker that ends with an exit code saying what went wrong, never with a traceback."""

    def run(self):
        _die_with_parent()
        try:
            super().run()
        except OSError as exc:
            sys.exit(OSERROR_EXIT + exc.errno if exc.errno and exc.errno < 150 else 1)
        except BaseException as exc:        # noqa: BLE001  (reported by exit code; the parent names it)
            print(f"index writer process {os.getpid()}: {type(exc).__name__}: {exc}", file=sys.stderr)
            sys.exit(1)


class CheckedMpWriter(MpWriter):
    """MpWriter (multisegment) whose workers are checked whenever work is handed out and at commit."""

    def _new_task(self):
        task = _Task(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs,
                     self.multisegment)
        self.tasks.append(task)
        task.start()
        return task

    def _check(self, finished: bool = False) -> None:
        for task in self.tasks:
            code = task.exitcode
            if code is None or (finished and code == 0):
                continue
            if code > OSERROR_EXIT:
                err = code - OSERROR_EXIT
                raise OSError(err, os.strerror(err))
            how = f"was killed by signal {-code}" if code < 0 else f"ended with code {code}"
            raise BuildIncomplete(f"an index writer process (pid {task.pid}) {how} before finishing; "
                                  "its articles would be missing, so nothing was changed")

    def _put(self, job, finished: bool = False) -> None:
        while True:
            self._check(finished)
            try:
                self.jobqueue.put(job, timeout=POLL)
                return
            except queue.Full:
                continue

    def _enqueue(self):
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as f:
            for item in self.docbuffer:
                pickle.dump(item, f, 2)
        if len(self.tasks) < self.procs:
            self._new_task()
        job, self.docbuffer = (filename, len(self.docbuffer)), []
        self._put(job)

    def _commit(self, mergetype, optimize, merge):
        """MpWriter's multisegment commit, with every worker accounted for."""
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self._put(None, finished=True)        # a worker told first may already have ended
        segments = self._merge_segments(mergetype, optimize, merge)
        for task in self.tasks:
            while task.exitcode is None:
                task.join(POLL)
                self._check(finished=True)
        self._check(finished=True)
        try:
            results = [self.resultqueue.get(timeout=RESULT_WAIT) for _ in self.tasks]
        except queue.Empty:
            raise BuildIncomplete("an index writer process finished without handing back its articles; "
                                  "nothing was changed") from None
        segments += [segment for _, _, segment in results]
        if self._added:
            segments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(segments)
        self._finish()

    def cancel(self):
        for task in self.tasks:
            if task.is_alive():
                task.terminate()
        for task in self.tasks:
            task.join(POLL)
        super().cancel()


