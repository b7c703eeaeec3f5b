"""Our engine behind the benchmark's interface: `build(articles, dir)` and `Searcher(dir).search(q)`."""
from __future__ import annotations

import time

from search import indexer, layout
from search.engine import Engine
from search.results import MAX_PER_PAGE


def build(articles, index_dir) -> None:
    indexer.build(articles, index_dir, procs=2, progress=False)


def suggestions(index_dir):
    """(seconds, suggest): store the build's slogans as `python -m search build` does, timed apart from
    indexing, and the search box's `suggest(prefix)`; None while search.slogans does not exist."""
    try:
        from search import slogans
    except ModuleNotFoundError:
        return None
    folder = layout.current_build(index_dir)
    start = time.perf_counter()
    slogans.store(folder)
    seconds = time.perf_counter() - start
    return seconds, slogans.SloganBook.load(folder).suggest


class Searcher:
    def __init__(self, index_dir):
        self.engine = Engine(index_dir)

    def search(self, q: str, limit: int | None = 10) -> tuple[int, list[str], list[str]]:
        """(total, ids, snippets of the first 10 hits); limit=None asks for every hit, page by page,
        because the engine caps a page at MAX_PER_PAGE."""
        result = self.engine.search(q, per_page=limit or MAX_PER_PAGE)
        ids = [hit.id for hit in result.hits]
        if limit is None:
            for page in range(2, result.pages + 1):
                ids += [hit.id for hit in self.engine.search(q, page=page, per_page=MAX_PER_PAGE).hits]
        return result.total, ids, [hit.snippet_html for hit in result.hits[:10]]

    def close(self) -> None:
        self.engine.close()
