"""Shared fixtures: the seed corpus indexed once per session, an engine on it, the Flask app and client."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_articles():
    from search import corpus

    return list(corpus.read_paths([SEEDS]))


def build_index(articles, folder: Path) -> Path:
    from search import coverage, indexer

    indexer.build(articles, folder, procs=1, after_write=coverage.after_write)
    return folder


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, seed_articles) -> Path:
    return build_index(seed_articles, tmp_path_factory.mktemp("seed-index"))


@pytest.fixture(scope="session")
def engine(seed_index):
    from search.engine import Engine

    eng = Engine(seed_index)
    yield eng
    eng.close()


@pytest.fixture()
def app(seed_index):
    from web import create_app

    return create_app({"TESTING": True, "INDEX_DIR": str(seed_index)})


@pytest.fixture()
def client(app):
    return app.test_client()
