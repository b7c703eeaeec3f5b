"""Atomic builds, add and remove, escaping of hostile article text, the CLI."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from search import indexer, layout
from search.corpus import Article
from search.engine import Engine
from search.errors import IndexMissing

ROOT = Path(__file__).resolve().parent.parent


def article(i, title, body, **kw):
    return Article(id=f"t-{i}", title=title, body=body, date=kw.pop("date", "2024-03-0%d" % (i % 9 + 1)), **kw)


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexMissing, match="python -m search build"):
        Engine(tmp_path / "nothing")


def test_rebuild_swaps_atomically_and_old_reader_keeps_working(tmp_path):
    indexer.build([article(1, "氢能产业", "发展氢能产业。")], tmp_path, procs=1)
    engine = Engine(tmp_path)
    assert engine.search("氢能").total == 1
    old_searcher = engine._snap.searcher
    indexer.build([article(2, "桥梁检测", "桥梁检测完成。"), article(3, "氢能车", "氢能车上路。")], tmp_path, procs=1)
    assert old_searcher.doc_count() == 1                      # the old build is still readable
    assert engine.search("氢能").total == 1 and engine.search("桥梁").total == 1   # new build picked up


def test_failed_build_leaves_the_old_index(tmp_path):
    indexer.build([article(1, "氢能产业", "发展氢能产业。")], tmp_path, procs=1)

    def broken():
        yield article(2, "桥梁", "桥梁。")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        indexer.build(broken(), tmp_path, procs=1)
    assert Engine(tmp_path).search("氢能").total == 1
    assert len(list((tmp_path / layout.BUILDS).iterdir())) == 1


def test_add_replaces_by_id_and_remove_deletes(tmp_path):
    indexer.build([article(1, "氢能产业", "发展氢能产业。"), article(2, "桥梁", "桥梁检测。")], tmp_path, procs=1)
    engine = Engine(tmp_path)
    indexer.add([article(1, "开门红", "实现开门红。")], tmp_path)
    assert engine.search("氢能").total == 0 and engine.search("开门红").total == 1
    assert indexer.remove(["t-2", "t-9"], tmp_path) == ["t-9"]
    assert engine.search("桥梁").total == 0


def test_a_build_segments_on_every_core_by_default(monkeypatch, tmp_path):
    from search import cli

    assert indexer.DEFAULT_PROCS == len(os.sched_getaffinity(0))
    given = {}
    monkeypatch.setattr(indexer, "build", lambda *a, **kw: given.update(kw) or {"articles": 0, "chars": 0})
    cli.main(["build", "--seeds", str(tmp_path), "--index", str(tmp_path / "index")])
    assert given["procs"] == indexer.DEFAULT_PROCS


def test_commits_are_cut_by_text_length_in_order():
    articles = [article(i, "标题", "正文" * n) for i, n in enumerate([1, 5, 1, 1, 9, 2])]   # 4 to 20 chars
    chunks = list(indexer._batches(articles, 10))
    assert [a for chunk in chunks for a in chunk] == articles
    assert [[a.id for a in chunk] for chunk in chunks] == [["t-0", "t-1"], ["t-2", "t-3", "t-4"], ["t-5"]]
    by_count = list(indexer._batches(articles, 10, at_least=3))     # long articles: never a tiny commit
    assert [[a.id for a in chunk] for chunk in by_count] == [["t-0", "t-1", "t-2"], ["t-3", "t-4", "t-5"]]


def test_a_multi_commit_build_holds_every_article(tmp_path, monkeypatch):
    monkeypatch.setattr(indexer, "WORKER_CHARS", 30)
    monkeypatch.setattr(indexer, "SMALL_SEGMENT_ARTICLES", 1)
    articles = [article(i, f"项目{i}", "氢能产业链签约落地。" * 2) for i in range(7)]   # 24 chars each
    indexer.build(articles, tmp_path, procs=1)
    engine = Engine(tmp_path)
    assert engine.search("氢能").total == 7
    assert len(engine._snap.searcher.reader().leaf_readers()) == 4


@pytest.mark.slow
def test_parallel_build_matches_single_process(tmp_path, seed_articles):
    indexer.build(seed_articles, tmp_path / "one", procs=1)
    indexer.build(seed_articles, tmp_path / "two", procs=2)
    for q in ['"万人助万企"', "营商环境", "氢能"]:
        a, b = Engine(tmp_path / "one").search(q, per_page=100), Engine(tmp_path / "two").search(q, per_page=100)
        assert {h.id for h in a.hits} == {h.id for h in b.hits} and a.total > 0


def test_hostile_article_text_is_escaped(tmp_path):
    evil = article(1, "<script>alert(1)</script>标题", '正文"><img src=x onerror=alert(1)>氢能<b>粗</b>。')
    indexer.build([evil], tmp_path, procs=1)
    engine = Engine(tmp_path)
    for q in ["氢能", "<script>", '"><img onerror=alert(1)>', "标题"]:
        hits = engine.search(q).to_dict()["hits"]
        payload = json.dumps([{k: h[k] for k in ("title_html", "snippet_html")} for h in hits], ensure_ascii=False)
        assert hits and hits[0]["title"] == evil.title and "<script>" not in payload and "<img" not in payload and "<b>" not in payload
    hit = engine.search("氢能").hits[0]
    assert "&lt;img src=x onerror=alert(1)&gt;<mark>氢能</mark>" in hit.snippet_html
    assert hit.title_html.startswith("&lt;script&gt;")


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "search", *args], cwd=cwd, capture_output=True, text=True)


@pytest.mark.slow
def test_cli_build_query_add_remove(tmp_path):
    idx = tmp_path / "idx"
    done = run_cli("build", "--seeds", str(ROOT / "seeds"), "--index", str(idx), "--procs", "1")
    assert done.returncode == 0, done.stderr
    assert "indexed" in done.stdout and (idx / "current" / layout.MANIFEST).exists()
    out = run_cli("query", '"万人助万企"', "--index", str(idx), "--json")
    data = json.loads(out.stdout)
    assert data["total"] >= 3 and all("万人助万企" in h["snippet_html"] + h["title_html"] for h in data["hits"])
    text = run_cli("query", "开门红", "--district", "新密市", "--index", str(idx))
    assert "新密市" in text.stdout and "开门红" in text.stdout
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "x-1", "title": "新增稿件", "body": "磁悬浮试验线开通。"}, ensure_ascii=False),
                     encoding="utf-8")
    assert run_cli("add", str(extra), "--index", str(idx)).returncode == 0
    assert json.loads(run_cli("query", "磁悬浮", "--index", str(idx), "--json").stdout)["total"] == 1
    assert run_cli("remove", "x-1", "--index", str(idx)).returncode == 0
    assert json.loads(run_cli("query", "磁悬浮", "--index", str(idx), "--json").stdout)["total"] == 0
    missing = run_cli("query", "氢能", "--index", str(tmp_path / "none"))
    assert missing.returncode == 2 and "python -m search build" in missing.stderr and "Traceback" not in missing.stderr


def test_cli_query_refuses_what_the_web_refuses_with_the_same_messages(seed_index, engine, capsys):
    from search import cli

    pages = engine.search("发展").pages
    assert cli.main(["query", "发展", "--index", str(seed_index), "--page", str(pages + 1)]) == 2
    assert f"第 {pages + 1} 页不存在：共 {pages} 页。" in capsys.readouterr().err
    assert cli.main(["query", "发展", "--index", str(seed_index), "--per-page", "101"]) == 2
    assert "参数 per_page 应为 1 到 100 之间的整数" in capsys.readouterr().err
