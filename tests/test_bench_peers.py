"""The benchmark's SQLite FTS5 peer answers what a jieba user of FTS5 gets (bench/fts5.py, bench/jieba_tokens.py)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/ is a script folder, not installed

from bench import fts5  # noqa: E402
from bench.generate import generate  # noqa: E402
from bench.jieba_tokens import parse  # noqa: E402


def test_quoted_text_is_one_group_and_keywords_are_one_group_per_word():
    groups = parse('"枢纽+开放" 黄河')
    assert groups[-1] == ["黄河"]
    assert "".join(groups[0]) == "枢纽开放"          # the + is punctuation, not a word
    assert parse('""') == [] and parse("，。") == []


def test_match_expression_quotes_every_group():
    assert fts5.match_expression('"枢纽+开放" 黄河') == '"枢纽 开放" AND "黄河"'
    assert fts5.match_expression("  ") is None


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    articles = generate(60, seed=3)
    folder = tmp_path_factory.mktemp("fts5")
    fts5.build(articles, folder)
    searcher = fts5.Searcher(folder)
    yield articles, searcher
    searcher.close()


def test_a_word_finds_the_articles_holding_it_and_marks_it(built):
    articles, searcher = built
    holding = {a.id for a in articles if "黄河" in a.title + a.body}
    assert holding
    total, ids, snippets = searcher.search("黄河", limit=None)
    assert set(ids) <= {a.id for a in articles}
    assert holding & set(ids)
    total, ids, snippets = searcher.search("黄河")
    assert len(ids) == min(total, 10) and any("<mark>黄河</mark>" in s for s in snippets)


def test_nothing_to_match_is_an_empty_answer(built):
    _, searcher = built
    assert searcher.search("，") == (0, [], [])
