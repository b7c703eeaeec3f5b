"""The search engine one app shares across requests and threads.

It is opened on first use, not at start-up, so a server started before its index exists works as soon
as `python -m search build` has made one. Following rebuilds and updates is the engine's job (its
snapshot holds the searcher and the slogan book together).
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from flask import current_app

from search.engine import Engine
from search.slogans import SloganBook


class Backend:
    def __init__(self, index_dir: str | os.PathLike):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._engine: Engine | None = None

    def engine(self) -> Engine:
        """Raises IndexMissing (shown as a 503 page) until there is an index; retried on the next request."""
        with self._lock:
            if self._engine is None:
                self._engine = Engine(self.index_dir)
            return self._engine


def backend() -> Backend:
    return current_app.extensions["search"]


def engine() -> Engine:
    return backend().engine()


def slogans() -> SloganBook:
    return engine().slogans()
