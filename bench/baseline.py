"""The tutorial stack we compare against: jieba's ChineseAnalyzer on one Whoosh TEXT field.

Exactly what jieba's README and Whoosh's quick start show: one stored `content` field (title + body),
an `id` field, the default single-process writer, the default `QueryParser`, `hit.highlights()`.
Same interface as `bench/ours.py`, so `bench/run.py` treats both alike.
"""
from __future__ import annotations

from pathlib import Path

from jieba.analyse import ChineseAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.index import create_in, open_dir
from whoosh.qparser import QueryParser


def build(articles, index_dir) -> None:
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    schema = Schema(id=ID(stored=True), content=TEXT(stored=True, analyzer=ChineseAnalyzer()))
    writer = create_in(index_dir, schema).writer()
    for article in articles:
        writer.add_document(id=article.id, content=article.title + "\n" + article.body)
    writer.commit()


class Searcher:
    def __init__(self, index_dir):
        self.index = open_dir(index_dir)
        self.searcher = self.index.searcher()
        self.parser = QueryParser("content", self.index.schema)

    def search(self, q: str, limit: int | None = 10) -> tuple[int, list[str], list[str]]:
        """(total, ids, highlights of the first 10 hits); limit=None asks for every hit."""
        results = self.searcher.search(self.parser.parse(q), limit=limit)
        hits = list(results)
        return len(results), [hit["id"] for hit in hits], [hit.highlights("content") for hit in hits[:10]]

    def close(self) -> None:
        self.searcher.close()
        self.index.close()
