"""Peer: tantivy-py over jieba pre-segmented text, with tantivy's `whitespace` tokenizer.

Title and body are stored and indexed with positions (for phrases and snippets); a query is built
from its jieba words (`bench/jieba_tokens.py`): every word or quoted phrase must be in the title (3×)
or the body, ranked by tantivy's BM25; the shown hits get tantivy's own snippets of title and body.
Same interface as `bench/ours.py`.
"""
from __future__ import annotations

from pathlib import Path

import tantivy

from bench.jieba_tokens import parse, segmented

TITLE_BOOST = 3.0
WRITER_HEAP = 512_000_000


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="whitespace")
    builder.add_text_field("body", stored=True, tokenizer_name="whitespace")
    return builder.build()


def build(articles, index_dir) -> None:
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(_schema(), path=str(index_dir))
    writer = index.writer(WRITER_HEAP)
    for a, (title, body) in zip(articles, segmented(articles)):
        writer.add_document(tantivy.Document(id=a.id, title=title, body=body))
    writer.commit()
    writer.wait_merging_threads()


class Searcher:
    def __init__(self, index_dir):
        self.index = tantivy.Index.open(str(index_dir))
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def _group(self, field: str, group: list[str]) -> tantivy.Query:
        if len(group) == 1:
            return tantivy.Query.term_query(self.schema, field, group[0])
        return tantivy.Query.phrase_query(self.schema, field, group)

    def query(self, q: str) -> tantivy.Query | None:
        groups = parse(q)
        if not groups:
            return None
        must = tantivy.Occur.Must
        should = tantivy.Occur.Should
        return tantivy.Query.boolean_query([
            (must, tantivy.Query.boolean_query([
                (should, tantivy.Query.boost_query(self._group("title", group), TITLE_BOOST)),
                (should, self._group("body", group)),
            ])) for group in groups])

    def search(self, q: str, limit: int | None = 10) -> tuple[int, list[str], list[str]]:
        """(total, ids, snippets of the first 10 hits); limit=None asks for every hit."""
        query = self.query(q)
        if query is None:
            return 0, [], []
        if limit is None:
            total = self.searcher.search(query, limit=1, count=True).count
            hits = self.searcher.search(query, limit=max(total, 1), count=False).hits
            return total, [self.searcher.doc(addr)["id"][0] for _, addr in hits], []
        result = self.searcher.search(query, limit=limit, count=True)
        docs = [self.searcher.doc(addr) for _, addr in result.hits]
        titles = tantivy.SnippetGenerator.create(self.searcher, query, self.schema, "title")
        bodies = tantivy.SnippetGenerator.create(self.searcher, query, self.schema, "body")
        snippets = []
        for doc in docs[:10]:
            titles.snippet_from_doc(doc).to_html()
            snippets.append(bodies.snippet_from_doc(doc).to_html())
        return result.count, [d["id"][0] for d in docs], snippets

    def close(self) -> None:
        self.searcher = None
        self.index = None
