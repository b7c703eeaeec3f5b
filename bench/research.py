"""Benchmark of the research views at scale: trends and keyword in context for a slogan in most articles,
and the memory a 100,000-row export takes, streamed against built whole in memory.

    python bench/research.py --docs 20000 --workdir /tmp/bench-research

The corpus is bench/generate.py's, with a sentence quoting the slogan added to a share (--share, default
80 %) of the articles; the index is built once into --workdir and reused. The export runs in fresh
processes, one per mode, so each peak RSS is its own: 100,000 rows are the whole 20,000-article result
set read five times over (the streamed path reads stored articles 500 at a time, whatever the total).
Peak RSS includes the pages of the index's memory-mapped segment files that reading touches (page cache,
bounded by the index's size); the heap growth, sampled every fifth of the rows, is what a row costs.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLOGAN = "万人助万企"
SENTENCE = f"各级干部持续深化“{SLOGAN}”活动,帮助企业解决实际问题。"


def corpus(n: int, share: float):
    from bench.generate import generate

    articles = generate(n)
    every = round(1 / (1 - share)) if share < 1 else 0          # 0.8 → every 5th article left without it
    for i, a in enumerate(articles):
        if not every or i % every:
            a.body = f"{a.body}\n{SENTENCE}"
    return articles


def ensure_index(workdir: Path, n: int, share: float) -> Path:
    from search import coverage, indexer, layout

    index = workdir / f"index-{n}-{share}"
    if not (index / layout.CURRENT).exists():
        started = time.perf_counter()
        indexer.build(corpus(n, share), index, after_write=coverage.after_write)
        print(f"built {n} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return index


def memory_mb() -> dict:
    """This process's resident set now, its peak, and the anonymous part (the heap; the rest is the
    index's memory-mapped segment files, page cache that reading stored articles touches), MB."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return {name: int(status[key].split()[0]) / 1024 for name, key in
            (("rss", "VmRSS"), ("peak", "VmHWM"), ("heap", "RssAnon"))}


def timed(fn, rounds: int) -> tuple[float, object]:
    fn()                                                        # warm-up
    times, out = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), out


def export_child(index: Path, rows: int, mode: str) -> None:
    """Runs in its own process: export `rows` rows as CSV, streamed or joined, and print the memory."""
    from search import export, research
    from search.engine import Engine

    engine = Engine(index)
    found = research.result_set(engine, "", sort="date")
    repeat = -(-rows // found.total)
    found = research.ResultSet(found.matches, (found.docnums * repeat)[:rows])
    before = memory_mb()
    started = time.perf_counter()
    chunks = export.csv_chunks(research.export_rows(engine, found, lambda i: f"http://127.0.0.1:5000/articles/{i}"))
    heap, size = [], 0
    if mode == "stream":
        for n, chunk in enumerate(chunks):           # the header, then one chunk a row
            size += len(chunk.encode("utf-8"))
            if n and n % (rows // 5) == 0:
                heap.append(round(memory_mb()["heap"] - before["heap"], 1))
    else:
        text = "".join(chunks)
        size = len(text.encode("utf-8"))
    seconds = time.perf_counter() - started
    after = memory_mb()
    heap.append(round(after["heap"] - before["heap"], 1))
    print(json.dumps({"mode": mode, "rows": rows, "mb_written": round(size / 1e6, 1),
                      "peak_rss_mb": round(after["peak"], 1), "rss_growth_mb": round(after["peak"] - before["rss"], 1),
                      "heap_growth_mb": heap, "seconds": round(seconds, 1)}))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--share", type=float, default=0.8, help="share of articles quoting the slogan")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the export")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench-research"))
    parser.add_argument("--export-child", choices=("stream", "memory"), help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.export_child:
        export_child(args.index, args.rows, args.export_child)
        return

    from search import kwic, research
    from search.engine import Engine

    index = ensure_index(args.workdir, args.docs, args.share)
    engine = Engine(index)
    q = f'"{SLOGAN}"'
    total = engine.search(q).total
    print(f"{args.docs} articles, {total} ({100 * total / args.docs:.1f} %) quote {SLOGAN}")
    rows = []
    search_ms, _ = timed(lambda: engine.search(q), args.rounds)
    rows.append(("search, first page (peer)", search_ms, total))
    for by in ("year", "month"):
        ms, data = timed(lambda: research.trend(engine, [q], by=by), args.rounds)
        rows.append((f"trend by {by}, 1 query", ms, data["series"][0]["total"]))
    ms, data = timed(lambda: research.trend(engine, [q, "郑州", "企业"], by="month", per_district=True), args.rounds)
    rows.append(("trend by month, 3 queries, per district", ms, len(data["panels"])))
    def kwic_uncached():
        research.KWIC_CACHE.clear()
        return research.kwic_lines(engine, q)[0]

    ms, found = timed(kwic_uncached, args.rounds)
    rows.append(("KWIC, every line, first page", ms, len(found)))
    ms, _ = timed(lambda: kwic.page(kwic.sort_lines(research.kwic_lines(engine, q)[0], "right"), 2), args.rounds)
    rows.append(("KWIC, another page or sort (lines cached)", ms, len(found)))
    ms, _ = timed(lambda: kwic.sort_lines(found, "left"), args.rounds)
    rows.append(("KWIC sort by left context", ms, len(found)))
    print("\n| operation | median ms | × search | result |\n|---|---:|---:|---:|")
    for name, ms, n in rows:
        print(f"| {name} | {ms:,.1f} | {ms / search_ms:,.1f} | {n:,} |")
    engine.close()

    print(f"\n| export of {args.rows:,} rows (CSV) | peak RSS MB | RSS growth MB | heap growth MB "
          "(every fifth of the rows) | MB written | seconds |\n|---|---:|---:|---|---:|---:|")
    for mode in ("stream", "memory"):
        out = subprocess.run([sys.executable, __file__, "--export-child", mode, "--index", str(index),
                              "--rows", str(args.rows)], check=True, capture_output=True, text=True).stdout
        r = json.loads(out)
        label = "streamed (ours)" if mode == "stream" else "joined in memory (peer)"
        print(f"| {label} | {r['peak_rss_mb']} | {r['rss_growth_mb']} | {' → '.join(map(str, r['heap_growth_mb']))} "
              f"| {r['mb_written']} | {r['seconds']} |")


if __name__ == "__main__":
    main()
