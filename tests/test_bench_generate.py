"""The benchmark's synthetic corpus is reproducible and shaped like the archive (bench/generate.py)."""
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/ is a script folder, not installed

from bench.generate import COMPANY_KINDS, INDUSTRIES, Corpus, generate  # noqa: E402
from search.districts import DISTRICTS, mentions  # noqa: E402


@pytest.fixture(scope="module")
def articles():
    return generate(200, seed=7)


def test_same_n_and_seed_give_identical_articles(articles):
    assert generate(200, seed=7) == articles
    assert generate(50, seed=7) == articles[:50]
    assert generate(200, seed=8) != articles


def test_a_corpus_file_reads_back_the_generated_articles_each_time(tmp_path, articles):
    corpus = Corpus(tmp_path / "c.pickles", 200, seed=7)
    assert len(corpus) == 200 and list(corpus) == articles and list(corpus) == articles
    assert list(Corpus(tmp_path / "c.pickles", 200, seed=7)) == articles      # read, not generated again
    assert not list(tmp_path.glob("*.partial"))
    kept = Corpus.kept_in(tmp_path, 20, seed=7)
    assert list(kept) == articles[:20] and kept.path.name.startswith("corpus-20-7-")


def test_ids_are_unique(articles):
    assert len({a.id for a in articles}) == len(articles)


def test_dates_span_several_years(articles):
    years = {a.date[:4] for a in articles}
    assert len(years) >= 5
    assert years <= {str(y) for y in range(2019, 2026)}
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.date) for a in articles)


def test_districts_are_the_ones_the_text_mentions(articles):
    for a in articles:
        text = a.title + "\n" + a.body
        assert a.districts and set(a.districts) == set(mentions(text)) <= set(DISTRICTS)


def test_articles_are_sized_like_the_seeds(articles):
    for a in articles:
        assert a.title and "\n" not in a.title
        assert 750 <= len(a.body) <= 2000
        assert len(a.body.split("\n")) >= 2


def test_invented_names_keep_the_vocabulary_growing():
    company = re.compile(f"(?:{'|'.join(INDUSTRIES)})(?:{'|'.join(COMPANY_KINDS)})")

    def companies(n):
        return {m.string[m.start() - 3:m.end()] for a in generate(n, seed=7) for m in company.finditer(a.body)}
    assert len(companies(200)) > 1.5 * len(companies(100))
