"""Our engine behind the benchmark's interface: `build(articles, dir)` and `Searcher(dir).search(q)`."""
from __future__ import annotations

from search import indexer
from search.engine import Engine


def build(articles, index_dir) -> None:
    indexer.build(articles, index_dir, procs=2, progress=False)


class Searcher:
    def __init__(self, index_dir):
        self.engine = Engine(index_dir)

    def search(self, q: str, limit: int | None = 10) -> tuple[int, list[str], list[str]]:
        """(total, ids, snippets of the first 10 hits); limit=None asks for every hit (one page of all)."""
        per_page = limit or max(self.engine.search(q, per_page=1).total, 1)
        result = self.engine.search(q, per_page=per_page)
        return result.total, [hit.id for hit in result.hits], [hit.snippet_html for hit in result.hits[:10]]

    def close(self) -> None:
        self.engine.close()
