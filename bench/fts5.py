"""Peer: SQLite FTS5 (Python's own sqlite3) over jieba pre-segmented text, as its documentation sets it up.

One FTS5 table (id unindexed, title, body) with the `unicode61` tokenizer, which splits the space-joined
jieba words; ranked by FTS5's `bm25()` with the title weighted as ours is (3×); the shown hits get
`highlight()` on the title and `snippet()` on the body. Same interface as `bench/ours.py`.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.jieba_tokens import parse, segmented

DB = "fts5.db"
TITLE_WEIGHT = 3.0


def build(articles, index_dir) -> None:
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    rows = ((a.id, title, body) for a, (title, body) in zip(articles, segmented(articles)))
    db = sqlite3.connect(Path(index_dir) / DB)
    with db:
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='unicode61')")
        db.execute("INSERT INTO docs(docs, rank) VALUES('rank', ?)", (f"bm25(0.0, {TITLE_WEIGHT}, 1.0)",))
        db.executemany("INSERT INTO docs(id, title, body) VALUES (?, ?, ?)", rows)
    db.close()


def match_expression(q: str) -> str | None:
    """FTS5 query syntax: each group a quoted phrase (a single word is a phrase of one), all ANDed."""
    groups = parse(q)
    if not groups:
        return None
    return " AND ".join('"' + " ".join(w.replace('"', '""') for w in group) + '"' for group in groups)


class Searcher:
    def __init__(self, index_dir):
        self.db = sqlite3.connect(Path(index_dir) / DB, check_same_thread=False)

    def search(self, q: str, limit: int | None = 10) -> tuple[int, list[str], list[str]]:
        """(total, ids, snippets of the first 10 hits); limit=None asks for every hit."""
        expression = match_expression(q)
        if expression is None:
            return 0, [], []
        if limit is None:
            ids = [row[0] for row in self.db.execute("SELECT id FROM docs WHERE docs MATCH ?", (expression,))]
            return len(ids), ids, []
        total = self.db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (expression,)).fetchone()[0]
        rows = self.db.execute(
            "SELECT id, highlight(docs, 1, '<mark>', '</mark>'), snippet(docs, 2, '<mark>', '</mark>', '…', 32) "
            "FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?", (expression, limit)).fetchall()
        return total, [r[0] for r in rows], [r[2] for r in rows[:10]]

    def close(self) -> None:
        self.db.close()
