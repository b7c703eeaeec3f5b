"""The site served as `make run` serves it: gunicorn, one worker process per core, the app preloaded.

Each worker opens its own engine on its first request (an engine opened before the fork would be shared
by every worker) and follows adds and rebuilds by itself: every answer, whichever worker gives it, counts
the same live index.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest

from search import indexer, slogans
from search.corpus import Article

pytestmark = pytest.mark.slow           # runs gunicorn in a subprocess


def art(i: int) -> Article:
    return Article(id=f"s-{i}", title=f"氢能产业{i}", body="发展氢能产业，建设加氢站。", date="2024-03-01",
                   source={"file": "s.jsonl", "order": i})


def totals(url: str, n: int = 12) -> set:
    """The total of 氢能 as n fresh connections see it (gunicorn hands them to either worker)."""
    seen = set()
    for _ in range(n):
        try:
            with urllib.request.urlopen(f"{url}/api/search?q={quote('氢能')}", timeout=30) as response:
                seen.add(json.load(response)["total"])
        except urllib.error.HTTPError as err:
            seen.add(err.code)
    return seen


def test_workers_open_the_index_lazily_and_follow_adds_and_rebuilds(tmp_path, serve):
    index = tmp_path / "idx"
    index.mkdir()
    with serve(index, workers=2) as url:
        assert totals(url) == {503}                                   # started before there is an index
        indexer.build([art(i) for i in range(3)], index, procs=1, after_write=slogans.store)
        assert totals(url) == {3}
        indexer.add([art(10), art(11)], index, after_write=slogans.store)
        assert totals(url) == {5}
        indexer.build([art(i) for i in range(7)], index, procs=1, after_write=slogans.store)
        assert totals(url) == {7}
