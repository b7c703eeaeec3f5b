"""The search engine and slogan book one app shares across requests and threads.

Both are opened on first use, not at start-up, so a server started before its index exists works as soon
as `python -m search build` has made one; the engine follows rebuilds itself, the slogan book is reloaded
here when the live build, its slogans.json or its Whoosh commit changes.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from flask import current_app

from search import slogans as slogan_store
from search.engine import Engine
from search.indexer import CURRENT, current_build


class Backend:
    def __init__(self, index_dir: str | os.PathLike):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._book = None
        self._book_key = None

    def engine(self) -> Engine:
        """Raises IndexMissing (shown as a 503 page) until there is an index; retried on the next request."""
        with self._lock:
            if self._engine is None:
                self._engine = Engine(self.index_dir)
            return self._engine

    def slogans(self) -> slogan_store.SloganBook:
        with self._lock:
            build = current_build(self.index_dir)
            stored = build / slogan_store.FILE
            key = (os.path.realpath(self.index_dir / CURRENT), stored.stat().st_mtime if stored.exists() else None,
                   slogan_store.generation(build))
            if self._book is None or key != self._book_key:
                self._book, self._book_key = slogan_store.SloganBook.load(build), key
            return self._book


def backend() -> Backend:
    return current_app.extensions["search"]


def engine() -> Engine:
    return backend().engine()


def slogans():
    return backend().slogans()
