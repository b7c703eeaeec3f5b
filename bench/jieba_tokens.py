"""jieba pre-segmentation shared by the benchmark's peers (SQLite FTS5, tantivy), as a Python user sets it up.

Neither peer can segment Chinese itself, so text goes in as jieba's words (`jieba.lcut`, jieba's own
dictionary, HMM on) joined by single spaces, punctuation dropped, and each peer splits on whitespace.
Documents are segmented in a process pool with one process per core, as our own build uses both cores.
Queries are segmented the same way: a keyword query needs every word of every term, a quoted phrase
needs its words in a row.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator

import jieba

CHUNK = 200


def words(text: str) -> list[str]:
    """jieba's words of text, lower-cased, without spaces and punctuation."""
    return [w.lower() for w in jieba.lcut(text) if any(ch.isalnum() for ch in w)]


def _segment(pair: tuple[str, str]) -> tuple[str, str]:
    title, body = pair
    return " ".join(words(title)), " ".join(words(body))


def segmented(articles) -> Iterator[tuple[str, str]]:
    """(title, body) of each article as space-joined jieba words, segmented on every core and handed out in
    order as they are done, so a peer's build holds the segmented text of a few chunks, not of the archive
    (at 1,000,000 articles the whole of it would not fit in memory beside the corpus)."""
    jieba.initialize()
    pairs = ((a.title, a.body) for a in articles)
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1, initializer=jieba.initialize) as pool:
        yield from pool.imap(_segment, pairs, chunksize=CHUNK)


def parse(q: str) -> list[list[str]]:
    """The query as groups of words: each group must occur in a row (a quoted phrase, or one word);
    every group must match. '"十四五" 数字经济' → [['十四', '五'], ['数字', '经济']]-like groups."""
    groups: list[list[str]] = []
    for i, part in enumerate(q.split('"')):
        if i % 2:                                     # inside quotes: one phrase
            phrase = words(part)
            if phrase:
                groups.append(phrase)
        else:
            groups += [[w] for term in part.split() for w in words(term)]
    return groups
