"""Shared fixtures: the seed corpus indexed once per session, an engine on it, the Flask app and client."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_articles():
    from search import corpus

    return list(corpus.read_paths([SEEDS]))


@pytest.fixture(scope="session")
def containing(seed_articles):
    """ids of the seed articles whose text contains a phrase, punctuation ignored: a plain substring scan
    of the headline block (kicker, title, subtitle, column) and of the body with its captions. What the
    search must find, counted without the index."""
    from search.analysis import compact

    texts = {a.id: compact(" ".join(filter(None, (a.kicker, a.title, a.subtitle, a.column)))) + "|"
             + compact("\n".join([a.body, *a.captions])) for a in seed_articles}

    def ids(phrase: str) -> set[str]:
        needle = compact(phrase)
        return {i for i, text in texts.items() if needle in text}

    return ids


def build_index(articles, folder: Path) -> Path:
    from search import indexer, slogans

    indexer.build(articles, folder, procs=1, after_write=slogans.store)
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


@contextmanager
def gunicorn(index_dir: Path, workers: int = 2, threads: int = 2):
    """The site served as `make run` serves it (gunicorn, --preload); yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, FLASK_INDEX_DIR=str(index_dir), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", f"--workers={workers}", f"--threads={threads}",
                             "--preload", f"--bind=127.0.0.1:{port}", "--log-level=warning", "web:create_app()"],
                            cwd=ROOT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/static/style.css", timeout=5).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


@pytest.fixture(scope="session")
def serve():
    """`with serve(index_dir, workers=2) as url:` runs gunicorn on that index for the block."""
    return gunicorn
