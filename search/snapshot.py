"""One opened build of the index: what a search reads, loaded together and swapped together.

A snapshot holds the build's Whoosh searcher and reader, the per-document columns decoded from them
(search.postings.Columns), the reporters' column (search.reporters), the decoded posting lists of
frequent terms (search.posting_cache) and what is stored beside the build (slogan book, coverage), so one search never mixes two builds. The engine
swaps in a new snapshot when `current` points at another build, and refreshes this one after an add or
remove has committed to the same build.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from whoosh import index as whoosh_index

from search import coverage as coverage_store
from search import slogans as slogan_store
from search.errors import IndexOutdated, NotFound
from search.layout import current_build, live_target
from search.posting_cache import PostingCache
from search.postings import Columns
from search.reporters import ReporterColumn
from search.whoosh_private import latest_generation

LENGTH_FIELDS = ("title_words", "body_words")     # the fields ranking normalises by length


class Snapshot:
    def __init__(self, build: Path):
        self.build = build
        try:
            self.index = whoosh_index.open_dir(build)
        except (AttributeError, ImportError) as exc:    # the stored schema names a class this version lacks
            raise IndexOutdated(f"{build} 的索引由较早版本建立，格式已不同（{exc}）：请运行 `make run` 或 "
                                f"`python -m search build` 重建索引") from None
        self._derived: dict[str, tuple] = {}        # file name → (its key, what was loaded from it)
        self._book_lock = threading.Lock()
        self._open()

    @classmethod
    def of_live_build(cls, index_dir: str | os.PathLike) -> Snapshot:
        """The build `current` points at; IndexMissing when there is none."""
        return cls(current_build(index_dir))

    def _open(self, known_segments: dict | None = None, known_reporters: dict | None = None):
        self.searcher = self.index.searcher()
        self.reader = self.searcher.reader()
        self.cols = Columns(self.reader, LENGTH_FIELDS, known_segments)
        self.reporters = ReporterColumn.read(self.reader, self.cols.size, known_reporters)
        self.postings = PostingCache(self.reader)

    def is_live(self, index_dir: str | os.PathLike) -> bool:
        return live_target(index_dir) == str(self.build)

    def refresh(self):
        """Reopen after add/remove (Whoosh's own refresh() reuses segment readers and misses deletions)."""
        if not self.searcher.up_to_date():
            self.searcher.close()
            self._open(self.cols.segments, self.reporters.segments)    # unchanged segments' arrays are taken over

    def slogans(self) -> slogan_store.SloganBook:
        """The build's slogan book, reloaded when its slogans.json or its Whoosh commit changes (an add
        stores the new slogans just after its commit)."""
        return self._reloaded(slogan_store.FILE, slogan_store.SloganBook.load)

    def coverage(self) -> dict:
        """The build's coverage (search.coverage), reloaded as the slogan book is."""
        return self._reloaded(coverage_store.FILE, coverage_store.load)

    def _reloaded(self, name: str, load):
        """What `load` makes of the build's file `name`, loaded again when the file or the commit changes."""
        stored = self.build / name
        key = (stored.stat().st_mtime if stored.exists() else None, latest_generation(self.build))
        with self._book_lock:
            if name not in self._derived or self._derived[name][0] != key:
                self._derived[name] = (key, load(self.build))
            return self._derived[name][1]

    def docnum(self, article_id: str) -> int:
        docnum = self.searcher.document_number(id=article_id)
        if docnum is None:
            raise NotFound(f"没有编号为“{article_id}”的文章")
        return docnum

    def stored(self, docnum: int) -> dict:
        return self.searcher.stored_fields(docnum)

    def close(self):
        self.searcher.close()
