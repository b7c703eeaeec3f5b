"""Writes under faults: one writer at a time, builds that are all or nothing, failures as messages.

Each test stages the fault itself (a held lock, a killed process, a write that fails with ENOSPC, a
hostile .jsonl line) and checks exact counts afterwards; none measures time.
"""
from __future__ import annotations

import errno
import gc
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from search import cli, indexer, layout, slogans
from search.corpus import Article
from search.engine import Engine
from search.errors import BuildIncomplete
from search.writelock import LOCK_FILE, writer_lock

ROOT = Path(__file__).resolve().parent.parent


def art(i: int, title: str = "氢能产业", body: str = "发展氢能产业，建设加氢站。") -> Article:
    return Article(id=f"r-{i}", title=f"{title}{i}", body=body, date="2024-03-01",
                   source={"file": "r.jsonl", "order": i})


def cli_run(*args, wait=True, **kw):
    cmd = [sys.executable, "-m", "search", *map(str, args)]
    if not wait:
        return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)


def jsonl(path: Path, records) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records)
                    + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def small_index(tmp_path) -> Path:
    idx = tmp_path / "idx"
    indexer.build([art(i) for i in range(3)], idx, procs=1, after_write=slogans.store)
    return idx


def total(idx: Path, q: str = "氢能") -> int:
    engine = Engine(idx)
    try:
        return engine.search(q).total
    finally:
        engine.close()


# Whoosh leaves the table-of-contents file whose schema failed to load to the garbage collector, which
# closes it with a ResourceWarning: not a leaked descriptor, so that warning alone is let through here.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_index_in_an_older_format_asks_for_a_rebuild(small_index, monkeypatch, capsys):
    from search import cli
    from search import schema
    from search.errors import IndexOutdated
    from web import create_app

    monkeypatch.delattr(schema, "GramFirsts")     # as a later version would read this index: its format is gone
    with pytest.raises(IndexOutdated, match="重建索引"):
        Engine(small_index)
    assert cli.main(["query", "氢能", "--index", str(small_index)]) == IndexOutdated.exit_code
    assert "python -m search build" in capsys.readouterr().err
    client = create_app({"TESTING": True, "INDEX_DIR": str(small_index)}).test_client()
    response = client.get("/search?q=氢能")
    assert response.status_code == 503 and "重建索引" in response.get_data(as_text=True)
    assert client.get("/api/search?q=氢能").get_json()["status"] == 503


# ------------------------------------------------------------------ one writer at a time

@pytest.mark.slow
def test_second_writer_gives_up_naming_the_holder(small_index, tmp_path):
    extra = jsonl(tmp_path / "a.jsonl", [{"id": "x-1", "title": "新增", "body": "氢能新闻"}])
    with writer_lock(small_index, "build"):
        done = cli_run("add", extra, "--index", small_index, "--wait", "0.3")
    assert done.returncode == 3, done.stderr
    assert f"pid {os.getpid()} (build, since" in done.stderr and "gave up" in done.stderr
    assert "Traceback" not in done.stderr
    assert total(small_index) == 3                 # nothing added, nothing lost


@pytest.mark.slow
def test_second_writer_waits_and_then_writes(small_index, tmp_path):
    extra = jsonl(tmp_path / "a.jsonl", [{"id": "x-1", "title": "新增", "body": "氢能新闻"}])
    release = threading.Event()

    def holder():
        with writer_lock(small_index, "build"):
            release.wait()

    thread = threading.Thread(target=holder)
    thread.start()
    while not (small_index / LOCK_FILE).read_text():
        threading.Event().wait(0.01)
    proc = cli_run("add", extra, "--index", small_index, "--wait", "600", wait=False)
    first = proc.stderr.readline()                  # blocks until the add says it is waiting
    release.set()
    thread.join()
    out, err = proc.communicate()
    assert "waiting up to 600 s" in first and f"pid {os.getpid()}" in first
    assert proc.returncode == 0, err
    assert total(small_index) == 4


@pytest.mark.slow
def test_stale_lock_of_a_dead_process_is_taken_over(small_index, tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    (small_index / LOCK_FILE).write_text(json.dumps({"pid": pid, "command": "add", "since": "2024-01-01T00:00:00"}))
    extra = jsonl(tmp_path / "a.jsonl", [{"id": "x-1", "title": "新增", "body": "氢能新闻"}])
    done = cli_run("add", extra, "--index", small_index, "--wait", "0")
    assert done.returncode == 0, done.stderr
    assert f"taking over the writer lock left by pid {pid} (add" in done.stderr and "no longer running" in done.stderr
    assert (small_index / LOCK_FILE).read_text() == ""          # released cleanly
    assert total(small_index) == 4


@pytest.mark.slow
def test_killed_build_leaves_the_live_index_and_no_held_lock(small_index, tmp_path):
    pages = tmp_path / "pages.jsonl"
    jsonl(pages, [{"id": f"k-{i}", "title": f"桥梁检测{i}", "body": "桥梁检测完成，氢能车上路。" * 40}
                  for i in range(3000)])
    proc = cli_run("build", "--seeds", pages, "--index", small_index, "--procs", "2", wait=False)
    while '"build"' not in (small_index / LOCK_FILE).read_text():
        threading.Event().wait(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert total(small_index) == 3                  # the old build is still the live one, whole
    extra = jsonl(tmp_path / "a.jsonl", [{"id": "x-1", "title": "新增", "body": "氢能新闻"}])
    done = cli_run("add", extra, "--index", small_index, "--wait", "30")
    assert done.returncode == 0, done.stderr
    assert f"left by pid {proc.pid} (build" in done.stderr
    assert total(small_index) == 4
    rebuilt = cli_run("build", "--seeds", extra, "--index", small_index, "--procs", "1", "--wait", "0")
    assert rebuilt.returncode == 0, rebuilt.stderr
    builds = list((small_index / layout.BUILDS).iterdir())
    assert len(builds) == 2 and all((b / layout.MANIFEST).exists() for b in builds)   # the killed one pruned


@pytest.mark.slow
def test_add_during_a_build_waits_and_lands_on_the_new_index(small_index, tmp_path):
    release = threading.Event()

    def finish_slowly(folder):                      # the build holds the lock until the add is waiting
        slogans.store(folder)
        release.wait()

    build = threading.Thread(target=indexer.build, args=([art(100 + i) for i in range(10)], small_index),
                             kwargs={"procs": 1, "after_write": finish_slowly})
    build.start()
    while '"build"' not in (small_index / LOCK_FILE).read_text():
        threading.Event().wait(0.02)
    extra = jsonl(tmp_path / "a.jsonl", [{"id": "x-1", "title": "新增", "body": "氢能新闻"}])
    added = cli_run("add", extra, "--index", small_index, "--wait", "600", wait=False)
    first = added.stderr.readline()                 # blocks until the add says it is waiting
    release.set()
    build.join()
    out, err = added.communicate()
    assert "waiting up to 600 s" in first and "(build, since" in first
    assert added.returncode == 0, err
    assert total(small_index) == 11                # the build's 10 and the add's one; the old 3 replaced


@pytest.mark.slow
def test_overlapping_builds_both_finish_and_current_stays_whole(tmp_path):
    idx = tmp_path / "idx"
    procs = [cli_run("build", "--seeds", ROOT / "seeds", "--index", idx, "--procs", "1", wait=False)
             for _ in range(2)]
    results = [p.communicate() + (p.returncode,) for p in procs]
    for out, err, code in results:
        assert code == 0 and "Traceback" not in err, err
    live = (idx / layout.CURRENT).resolve()
    assert live.is_dir() and (live / slogans.FILE).exists()
    assert total(idx, "开门红") > 0


@pytest.mark.slow
def test_prune_spares_the_live_build_and_builds_being_written(small_index):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        other = small_index / layout.BUILDS / f"20240101T000000-{sleeper.pid}-abcd"
        other.mkdir()
        indexer.build([art(7)], small_index, procs=1)
        assert other.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
    indexer.build([art(8)], small_index, procs=1)
    assert not other.exists()                       # its writer is gone: a leftover now


# ------------------------------------------------------------------ all or nothing

@pytest.mark.slow
def test_dead_worker_fails_the_build_and_changes_nothing(small_index, tmp_path, monkeypatch):
    from whoosh.multiproc import SubWriterTask

    marker = tmp_path / "killed-one"
    original = SubWriterTask._process_file

    def dies_once(self, filename, doc_count):
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return original(self, filename, doc_count)
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(SubWriterTask, "_process_file", dies_once)
    with pytest.raises(BuildIncomplete, match="killed by signal 9"):
        indexer.build([art(i) for i in range(600)], small_index, procs=2)
    assert total(small_index) == 3
    assert len(list((small_index / layout.BUILDS).iterdir())) == 1


def test_build_missing_an_article_is_not_swapped_in(small_index, monkeypatch):
    real = indexer.to_document
    monkeypatch.setattr(indexer, "to_document", lambda a: real(a if a.id != "r-5" else art(4)))
    with pytest.raises(BuildIncomplete, match="missing, e.g. r-5"):
        indexer.build([art(i) for i in range(10)], small_index, procs=1)
    assert total(small_index) == 3


# When a write fails, Whoosh's cancel() leaves the failed segment's file objects to the garbage collector,
# which warns that they were never closed; the files are deleted with the unfinished build either way.
# The tests that make writes fail collect them before they end, so the warning is theirs to ignore.
LEFT_OPEN_BY_WHOOSH = pytest.mark.filterwarnings(
    r"ignore:Exception ignored in. <_io\.FileIO:pytest.PytestUnraisableExceptionWarning")


@pytest.fixture()
def disk_full(monkeypatch):
    yield lambda writes, error=errno.ENOSPC: _disk_full_after(monkeypatch, writes, error)
    gc.collect()


def _disk_full_after(monkeypatch, writes: int, error=errno.ENOSPC):
    from whoosh.filedb.structfile import StructFile

    original, count = StructFile.write, [0]

    def write(self, data):
        count[0] += 1
        if count[0] > writes:
            raise OSError(error, os.strerror(error), "segment")
        return original(self, data)

    monkeypatch.setattr(StructFile, "write", write)


@LEFT_OPEN_BY_WHOOSH
def test_full_disk_during_build_is_a_message_and_changes_nothing(small_index, tmp_path, capsys, disk_full):
    pages = jsonl(tmp_path / "p.jsonl", [{"id": f"p-{i}", "title": f"标题{i}", "body": "氢能正文。"} for i in range(50)])
    disk_full(20)
    code = cli.main(["build", "--seeds", str(pages), "--index", str(small_index), "--procs", "1"])
    err = capsys.readouterr().err
    assert code == 4 and "disk full" in err and "MB are free" in err and "Traceback" not in err
    assert total(small_index) == 3 and len(list((small_index / layout.BUILDS).iterdir())) == 1


@LEFT_OPEN_BY_WHOOSH
def test_failed_add_leaves_no_partial_files(small_index, tmp_path, monkeypatch, capsys, disk_full):
    live = (small_index / layout.CURRENT).resolve()
    before = sorted(os.listdir(live))
    extra = jsonl(tmp_path / "a.jsonl", [{"id": f"x-{i}", "title": "新增", "body": "氢能新闻"} for i in range(30)])
    disk_full(5)
    assert cli.main(["add", str(extra), "--index", str(small_index)]) == 4
    assert "disk full" in capsys.readouterr().err
    monkeypatch.undo()
    assert sorted(os.listdir(live)) == before and total(small_index) == 3


@LEFT_OPEN_BY_WHOOSH
def test_permission_denied_is_a_message(small_index, tmp_path, capsys, disk_full):
    extra = jsonl(tmp_path / "a.jsonl", [{"id": "x-1", "title": "新增", "body": "氢能新闻"}])
    disk_full(0, errno.EACCES)
    assert cli.main(["add", str(extra), "--index", str(small_index)]) == 4
    assert "permission denied" in capsys.readouterr().err


# ------------------------------------------------------------------ hostile or broken input

@pytest.mark.slow
def test_malicious_jsonl_lines_are_reported_one_by_one(small_index, tmp_path):
    good = {"id": "j-1", "title": "磁悬浮线", "body": "磁悬浮试验线开通。"}
    lines = ["[" * 100_000 + "]" * 100_000,
             json.dumps({"title": "深", "body": "x", "extra": [[[[[[[[[[1]]]]]]]]]]}),
             json.dumps({"title": "长", "body": "长" * 2_100_000}, ensure_ascii=False),
             json.dumps({"title": "记者", "body": "正文", "reporters": 5}, ensure_ascii=False),
             json.dumps({"title": "记者", "body": "正文", "reporters": {"name": "王"}}, ensure_ascii=False),
             json.dumps({"title": "记者", "body": "正文", "reporters": [{"name": "王", "role": 3}]}, ensure_ascii=False),
             json.dumps({"title": 5, "body": "正文"}), "42", json.dumps(good, ensure_ascii=False)]
    done = cli_run("add", jsonl(tmp_path / "bad.jsonl", lines), "--index", small_index)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    for number, reason in [(1, "nested deeper"), (2, "nested deeper"), (3, "line longer than"), (4, "'reporters' must be a list"),
                           (5, "'reporters' must be a list"), (6, "'reporters' must be names"),
                           (7, "'title' and 'body'"), (8, "line is not a JSON object")]:
        assert f"bad.jsonl:{number}: {reason}" in done.stderr
    assert "added or replaced 1 articles" in done.stdout and total(small_index, "磁悬浮") == 1


@pytest.mark.slow
def test_big5_and_utf16_pages_are_refused_by_name(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    text = "本報訊 鄭州市金水區舉行會議，推進高質量發展，市民們參加了活動。\n\n政府宣佈新的政策。\n"
    (folder / "big5.txt").write_bytes(text.encode("big5"))
    (folder / "utf16.txt").write_bytes(text.encode("utf-16"))
    done = cli_run("build", "--seeds", folder, "--index", tmp_path / "idx")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "big5.txt: looks like Big5 text" in done.stderr and "utf16.txt: UTF-16 text is not supported" in done.stderr
    assert not (tmp_path / "idx" / layout.CURRENT).exists()


@pytest.mark.slow
@pytest.mark.parametrize("what", ["missing", "empty"])
def test_build_from_nothing_names_the_path(tmp_path, what):
    path = tmp_path / what
    if what == "empty":
        path.mkdir()
    done = cli_run("build", "--seeds", path, "--index", tmp_path / "idx")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert str(path) in done.stderr and "no articles to index" in done.stderr


@pytest.mark.slow
def test_duplicate_ids_in_one_run_last_wins_naming_both(small_index, tmp_path):
    a = jsonl(tmp_path / "a.jsonl", [{"id": "d-1", "title": "第一稿", "body": "氢能旧稿。"}])
    b = jsonl(tmp_path / "b.jsonl", [{"id": "z-0", "title": "别的", "body": "无关"},
                                     {"id": "d-1", "title": "第二稿", "body": "氢能新稿。"}])
    done = cli_run("add", a, b, "--index", small_index)
    assert done.returncode == 0, done.stderr
    assert "duplicate id d-1: a.jsonl line 1 is replaced by b.jsonl line 2" in done.stderr
    engine = Engine(small_index)
    assert engine.search("氢能").total == 4 and engine.article("d-1")["title"] == "第二稿"


# ------------------------------------------------------------------ many small adds

@pytest.mark.slow
def test_many_adds_keep_few_segments_and_fresh_suggestions(small_index):
    for i in range(40):
        indexer.add([art(100 + i, title="开门红")], small_index, after_write=slogans.store)
    live = layout.current_build(small_index)
    from whoosh import index as whoosh_index
    segments = whoosh_index.open_dir(live).reader().leaf_readers()
    assert len(segments) <= 1 + indexer.MAX_SMALL_SEGMENTS
    assert total(small_index) == 43 and total(small_index, "开门红") == 40


def test_add_killed_after_its_commit_leaves_no_stale_suggestions(small_index):
    indexer.add([art(9, title="万人助万企")], small_index)             # killed before slogans.store ran
    book = slogans.SloganBook.load(layout.current_build(small_index))
    assert [s["text"] for s in book.suggest("万人助")] == ["万人助万企9"]
