"""Index stage: build a fresh index beside the live one and swap it in atomically; add and remove articles.

The folder layout (the `current` link, builds/, the manifest) is search.layout's. Every write holds the
writer lock, so builds, adds and removes never overlap. A build is all or nothing: every article read
must be in the new build, by count and by id, before it is swapped in; otherwise it is deleted and the
live index is untouched. A crash while building leaves only an unfinished folder under builds/, which
the next build removes.
"""
from __future__ import annotations

import errno
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader

from search.analysis import segmenter
from search.article import Article
from search.errors import BuildIncomplete, CorpusError, StorageError
from search.layout import current_build, new_build, previous_build, prune, swap, write_manifest
from search.schema import make_schema, to_document
from search.whoosh_private import CheckedMpWriter
from search.writelock import DEFAULT_WAIT, writer_lock

# Whoosh's multi-process writer, each worker segmenting and writing its own segment: jieba is about a
# quarter of build time and Whoosh's pure-Python posting writer the rest (BENCHMARKS.md, "Build rate"),
# and Python threads would share one core. One worker per core this process may run on; each holds up
# to WRITER_MEMORY_MB of postings (1.6 GB resident measured), so `--procs` lowers it on a machine with
# many cores and little memory.
DEFAULT_PROCS = len(os.sched_getaffinity(0))
WRITER_MEMORY_MB = 2048
# Text per worker and commit, one new segment per worker, no merge. Whoosh sorts a writer's postings in
# memory and, past WRITER_MEMORY_MB, spills sorted runs to disk and merges them in Python, which costs a
# third of the build rate: 20,000 synthetic articles in two commits of 12 M characters on two workers
# built at 120 k chars/s with 1,024 MB (each worker's pool spilled at ~5.8 M characters) and 179 k
# chars/s with 2,048 MB, against 174 k in four commits (bench/commit_size.py). Postings grow with the
# text, not with the number of articles, so a commit is measured in characters; fewer, larger segments
# are fewer term lookups per query and less to open (400 segments took 34 s to open at 1,000,000
# articles). 1.6 GB a worker.
WORKER_CHARS = 6_000_000
# Each add commits a segment; searching visits every segment, so once adds have left this many small
# ones they are merged into one (40 one-article adds had doubled the median query time). A build's
# commit holds at least twice that many articles a worker, so none of its segments is taken for small
# when articles are long.
SMALL_SEGMENT_ARTICLES = 1000
MAX_SMALL_SEGMENTS = 4
# Disk an index takes per character of text (218 MB for the 20,000-article benchmark corpus of 18.6 M
# characters), for saying how much space a write needs when the disk is full.
INDEX_BYTES_PER_CHAR = 12

Warn = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _progress(enabled: bool):
    """Articles done and articles/s on a terminal; nothing otherwise."""
    from tqdm import tqdm

    return tqdm(unit=" articles", disable=not enabled, file=sys.stderr, smoothing=0.1)


def _place(article: Article) -> str:
    source = article.source or {}
    name = str(source.get("file", "?"))
    unit = "line" if name.lower().endswith(".jsonl") else "article"
    return f"{name} {unit} {source.get('order', '?')}"


def unique(articles: Iterable[Article], warn: Warn = _stderr) -> list[Article]:
    """One article per id, the last one read winning, each replaced one named: an id stored twice would
    be found twice and counted twice in every facet."""
    by_id: dict[str, Article] = {}
    for article in articles:
        if (earlier := by_id.pop(article.id, None)) is not None:
            warn(f"duplicate id {article.id}: {_place(earlier)} is replaced by {_place(article)}")
        by_id[article.id] = article
    return list(by_id.values())


def _merge_small(writer, segments):
    """Merge policy for adds: the small segments, once there are MAX_SMALL_SEGMENTS of them, go into the
    segment being written; the large segments of a build are never rewritten by an add."""
    small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT_ARTICLES]
    if len(small) < MAX_SMALL_SEGMENTS:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in small]


def _write(writer, articles: list[Article], bar, update: bool, merge=False) -> int:
    chars = 0
    put = writer.update_document if update else writer.add_document
    try:
        for article in articles:
            put(**to_document(article))
            chars += article.chars
            bar.update(1)
        if merge:
            writer.commit(mergetype=merge)
        else:
            writer.commit(merge=False)
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise
    return chars


def _batches(articles: list[Article], chars: int, at_least: int = 1):
    """Runs of consecutive articles of at least `chars` characters and `at_least` articles each, but the
    last."""
    chunk, size = [], 0
    for article in articles:
        chunk.append(article)
        size += article.chars
        if size >= chars and len(chunk) >= at_least:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _verify(folder: Path, ids: list[str]) -> None:
    """Every article handed to the writers is in the build, once: counted, then compared id by id."""
    with whoosh_index.open_dir(folder).searcher() as searcher:
        reader = searcher.reader()
        stored = reader.doc_count()
        found = {term.decode("utf-8") for term in reader.lexicon("id")}
    expected = set(ids)
    if stored != len(ids) or found != expected:
        missing = sorted(expected - found)
        raise BuildIncomplete(f"the new index holds {stored} articles, {len(ids)} were read"
                              + (f" (missing, e.g. {', '.join(missing[:3])})" if missing else "")
                              + "; nothing was changed")


def _free_mb(path: Path) -> float:
    while not path.exists():
        path = path.parent
    stat = os.statvfs(path)
    return stat.f_bavail * stat.f_frsize / 1e6


def _storage_error(exc: OSError, folder: Path, chars: int) -> StorageError:
    """What the operator needs: which folder, why, and for a full disk how much room the write wants."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        need = chars * INDEX_BYTES_PER_CHAR / 1e6
        return StorageError(f"disk full while writing {folder}: this write needs about {need:,.0f} MB, "
                            f"{_free_mb(folder):,.0f} MB are free; nothing was changed")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(f"permission denied writing {exc.filename or folder}: {exc.strerror}; "
                            "nothing was changed")
    return StorageError(f"cannot write {exc.filename or folder}: {exc.strerror or exc}; nothing was changed")


def _chars(articles: list[Article]) -> int:
    return sum(a.chars for a in articles)


def build(articles: Iterable[Article], index_dir: Path, procs: int = DEFAULT_PROCS,
          progress: bool = False, after_write=None, wait: float = DEFAULT_WAIT, warn: Warn = _stderr) -> dict:
    """Build a whole new index from articles and make it the live one; returns the manifest.

    `after_write(build_folder)` runs before the swap, so what it stores there goes live with the index."""
    index_dir = Path(index_dir)
    articles = unique(articles, warn)
    if not articles:
        raise CorpusError("no articles to index: nothing was read from the given paths; the index is unchanged")
    chars = _chars(articles)
    with writer_lock(index_dir, "build", wait, warn):
        try:
            folder = new_build(index_dir)
        except OSError as exc:
            raise _storage_error(exc, index_dir, chars) from None
        previous = previous_build(index_dir)
        started = time.perf_counter()
        try:
            segmenter()                                   # load jieba once, before the workers fork
            ix = whoosh_index.create_in(folder, make_schema())
            with _progress(progress) as bar:
                for chunk in _batches(articles, WORKER_CHARS * procs, 2 * SMALL_SEGMENT_ARTICLES * procs):
                    writer = (CheckedMpWriter(ix, procs=procs, multisegment=True, limitmb=WRITER_MEMORY_MB)
                              if procs > 1 else ix.writer(limitmb=WRITER_MEMORY_MB))
                    _write(writer, chunk, bar, update=False)
            _verify(folder, [a.id for a in articles])
            if after_write:
                after_write(folder)
            manifest = {"articles": len(articles), "chars": chars,
                        "seconds": round(time.perf_counter() - started, 3),
                        "built": time.strftime("%Y-%m-%dT%H:%M:%S")}
            write_manifest(folder, manifest)
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise _storage_error(exc, folder, chars) from None
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        swap(index_dir, folder)
        prune(index_dir, {folder.resolve()} | ({previous} if previous else set()))
    return manifest


def _uncommitted_removed(folder: Path, before: set[str], generation: int) -> None:
    """A write that failed before its commit leaves no partial segment files in the live build. After
    the commit its files are the index (Whoosh has already dropped the previous table of contents)."""
    if whoosh_index.open_dir(folder).latest_generation() != generation:
        return
    for name in set(os.listdir(folder)) - before:      # nobody else writes here: the writer lock is ours
        path = folder / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _updating(index_dir: Path, command: str, wait: float, warn: Warn, work, chars: int = 0):
    """Run work(folder, ix) on the live build under the writer lock; a failure removes what it wrote."""
    with writer_lock(index_dir, command, wait, warn):
        folder = current_build(index_dir)
        before = set(os.listdir(folder))
        ix = whoosh_index.open_dir(folder)
        generation = ix.latest_generation()
        try:
            return work(folder, ix)
        except OSError as exc:
            _uncommitted_removed(folder, before, generation)
            raise _storage_error(exc, folder, chars) from None
        except BaseException:
            _uncommitted_removed(folder, before, generation)
            raise


def add(articles: Iterable[Article], index_dir: Path, progress: bool = False, after_write=None,
        wait: float = DEFAULT_WAIT, warn: Warn = _stderr) -> int:
    """Add articles, replacing any with the same id, without a rebuild; small segments are merged."""
    articles = unique(articles, warn)
    if not articles:
        raise CorpusError("no articles to add: nothing was read from the given files; the index is unchanged")

    def work(folder, ix):
        with _progress(progress) as bar:
            _write(ix.writer(limitmb=WRITER_MEMORY_MB), articles, bar, update=True, merge=_merge_small)
        if after_write:
            after_write(folder)
        return len(articles)

    return _updating(Path(index_dir), "add", wait, warn, work, _chars(articles))


def remove(ids: Iterable[str], index_dir: Path, after_write=None, wait: float = DEFAULT_WAIT,
           warn: Warn = _stderr) -> list[str]:
    """Delete articles by id; returns the ids that were not in the index."""
    ids = list(ids)

    def work(folder, ix):
        missing = []
        with ix.writer() as writer:
            for article_id in ids:
                if not writer.delete_by_term("id", article_id):
                    missing.append(article_id)
        if after_write:
            after_write(folder)
        return missing

    return _updating(Path(index_dir), "remove", wait, warn, work)
