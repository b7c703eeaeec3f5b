"""Benchmark: our engine against the jieba + Whoosh tutorial stack on the same synthetic corpus.

Builds both indexes (each in a fresh process, timed separately), times a fixed set of queries including
highlights of 10 hits, checks quoted-phrase recall against a substring scan, and prints a Markdown table
with the targets as pass/fail.

    python bench/run.py --docs 2000 [--seed 0] [--rounds 5] [--workdir DIR] [--json figures.json]
"""
from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import SEEDS, generate  # noqa: E402
from bench.queries import FEATURES, PHRASES, QUERIES, SUGGEST_PINYIN, SUGGEST_PREFIXES  # noqa: E402

SYSTEMS = ("ours", "baseline")  # modules bench/ours.py and bench/baseline.py


def timed_build(system: str, articles, index_dir: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one build. Runs in a fresh process so both figures are its own;
    Whoosh's multiprocess writer forks sub-writers, hence the max over self and children."""
    module = importlib.import_module(f"bench.{system}")
    start = time.perf_counter()
    module.build(articles, index_dir)
    seconds = time.perf_counter() - start
    peak_kb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return seconds, peak_kb / 1024


def build(system: str, articles, index_dir: Path) -> tuple[float, float]:
    shutil.rmtree(index_dir, ignore_errors=True)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(timed_build, system, articles, str(index_dir)).result()


def folder_mb(path: Path) -> float:
    """Total size of the files under path; symlinks (ours has `current -> builds/…`) are not followed."""
    return sum(os.lstat(os.path.join(root, f)).st_size for root, _, files in os.walk(path) for f in files) / 1e6


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


def time_queries(searcher, rounds: int, queries=QUERIES) -> dict[str, list[float]]:
    """Milliseconds per query and round, after one untimed warm-up round."""
    for q in queries:
        searcher.search(q)
    times = {q: [] for q in queries}
    for _ in range(rounds):
        for q in queries:
            start = time.perf_counter()
            searcher.search(q)
            times[q].append((time.perf_counter() - start) * 1000)
    return times


def phrase_truth(articles) -> dict[str, set[str]]:
    """Ids of the articles whose title or body contains each quoted phrase verbatim."""
    return {q: {a.id for a in articles if q.strip('"') in a.title + "\n" + a.body} for q in PHRASES}


def phrase_found(searcher) -> dict[str, set[str]]:
    return {q: set(searcher.search(q, limit=None)[1]) for q in PHRASES}


def suggest_times(suggest, rounds: int, prefixes=SUGGEST_PREFIXES) -> list[float]:
    for prefix in prefixes:
        suggest(prefix)
    samples = []
    for _ in range(rounds):
        for prefix in prefixes:
            start = time.perf_counter()
            suggest(prefix)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def seed_suggest_ms(workdir: Path, rounds: int) -> float:
    """Median suggestion time over the index of the project's own seed pages, as `make run` serves it."""
    from bench import ours
    from search.corpus import read_paths

    index_dir = workdir / "seeds"
    ours.build(list(read_paths([SEEDS])), index_dir)
    return statistics.median(suggest_times(ours.suggestions(index_dir)[1], rounds))


def feature_queries(articles) -> tuple[str, ...]:
    """FEATURES plus a reporter: query and a bare-name query for the corpus's busiest reporter."""
    from collections import Counter

    busiest = Counter(r["name"] for a in articles for r in a.reporters).most_common(1)
    return FEATURES + ((f"reporter:{busiest[0][0]}", busiest[0][0]) if busiest else ())


def measure(system: str, articles, index_dir: Path, truth, rounds: int) -> dict:
    """All figures of one system; the index size is taken last, so ours includes its slogans.json."""
    chars = sum(len(a.title) + len(a.body) for a in articles)
    seconds, peak_mb = build(system, articles, index_dir)
    module = importlib.import_module(f"bench.{system}")
    slogans = getattr(module, "suggestions", lambda _: None)(index_dir)
    suggest_ms = suggest_times(slogans[1], rounds) if slogans else None
    pinyin_first_ms = None
    if slogans:                                    # the first pinyin query sorts the keys stored with the build
        start = time.perf_counter()
        slogans[1](SUGGEST_PINYIN[0])
        pinyin_first_ms = (time.perf_counter() - start) * 1000
    pinyin_ms = suggest_times(slogans[1], rounds, SUGGEST_PINYIN) if slogans else None
    searcher = module.Searcher(index_dir)
    features = feature_queries(articles) if system == "ours" else ()
    try:
        feature_times = time_queries(searcher, rounds, features) if features else {}
        feature_totals = {q: searcher.search(q)[0] for q in features}
        times = time_queries(searcher, rounds)
        totals = {q: searcher.search(q)[0] for q in QUERIES}
        found = phrase_found(searcher)
    finally:
        searcher.close()
    per_query = {q: {"total": totals[q], "median_ms": statistics.median(times[q]), "p95_ms": p95(times[q])}
                 for q in QUERIES}
    for q in PHRASES:
        per_query[q].update(truth=len(truth[q]), correct=len(found[q] & truth[q]))
    correct = sum(per_query[q]["correct"] for q in PHRASES)
    samples = [t for ts in times.values() for t in ts]
    return {
        "build_s": seconds, "chars_per_s": chars / seconds, "articles_per_s": len(articles) / seconds,
        "index_mb": folder_mb(index_dir), "peak_rss_mb": peak_mb,
        "median_ms": statistics.median(samples), "p95_ms": p95(samples),
        "phrase_recall": correct / max(sum(len(truth[q]) for q in PHRASES), 1),
        "phrase_precision": correct / max(sum(len(found[q]) for q in PHRASES), 1),
        "slogans_s": slogans[0] if slogans else None,
        "suggest_median_ms": statistics.median(suggest_ms) if suggest_ms else None,
        "suggest_p95_ms": p95(suggest_ms) if suggest_ms else None,
        "pinyin_suggest_median_ms": statistics.median(pinyin_ms) if pinyin_ms else None,
        "pinyin_first_ms": pinyin_first_ms,
        "queries": per_query,
        "features": {q: {"total": feature_totals[q], "median_ms": statistics.median(ts), "p95_ms": p95(ts)}
                     for q, ts in feature_times.items()},
    }


def targets(ours: dict, base: dict) -> list[tuple[str, bool]]:
    return [
        ("build chars/s ≥ 2× baseline", ours["chars_per_s"] >= 2 * base["chars_per_s"]),
        ("query p95 ≤ baseline p95 / 5", ours["p95_ms"] <= base["p95_ms"] / 5),
        ("query median ≤ 30 ms", ours["median_ms"] <= 30),
        ("phrase recall 100 %", ours["phrase_recall"] == 1),
        ("index size ≤ 2× baseline", ours["index_mb"] <= 2 * base["index_mb"]),
    ]


def number(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}" if abs(x) < 10 else f"{x:.1f}"


def query_table(ours: dict, base: dict) -> str:
    rows = ["| query | ours hits | baseline hits | phrase truth | ours correct | ours median ms | baseline median ms |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for q in QUERIES:
        o, b = ours["queries"][q], base["queries"][q]
        rows.append(f"| {q} | {o['total']} | {b['total']} | {o.get('truth', '')} | {o.get('correct', '')} "
                    f"| {number(o['median_ms'])} | {number(b['median_ms'])} |")
    return "\n".join(rows)


def feature_table(ours: dict) -> str:
    """The query-language features, ours only, timed apart from the comparable set."""
    rows = ["| query (ours only) | hits | median ms | p95 ms |", "|---|---:|---:|---:|"]
    for q, f in ours["features"].items():
        rows.append(f"| `{q}` | {f['total']} | {number(f['median_ms'])} | {number(f['p95_ms'])} |")
    return "\n".join(rows)


def summary_table(ours: dict, base: dict) -> str:
    verdict = dict(targets(ours, base))
    mark = {True: "pass", False: "FAIL"}
    rows = [("build seconds", "build_s", None), ("build chars/s", "chars_per_s", "build chars/s ≥ 2× baseline"),
            ("build articles/s", "articles_per_s", None), ("index MB", "index_mb", "index size ≤ 2× baseline"),
            ("peak RSS MB (build)", "peak_rss_mb", None), ("query median ms", "median_ms", "query median ≤ 30 ms"),
            ("query p95 ms", "p95_ms", "query p95 ≤ baseline p95 / 5")]
    lines = ["| metric | ours | baseline | ratio | target |", "|---|---:|---:|---:|---|"]
    for label, key, target in rows:
        ratio = ours[key] / base[key] if base[key] else float("inf")
        check = f"{target}: {mark[verdict[target]]}" if target else ""
        lines.append(f"| {label} | {number(ours[key])} | {number(base[key])} | {ratio:.2f} | {check} |")
    for label, key, target in (("phrase recall", "phrase_recall", "phrase recall 100 %"),
                               ("phrase precision", "phrase_precision", None)):
        check = f"{target}: {mark[verdict[target]]}" if target else ""
        lines.append(f"| {label} | {ours[key]:.1%} | {base[key]:.1%} | | {check} |")
    for label, key in (("slogan discovery s (not in build)", "slogans_s"), ("suggest median ms", "suggest_median_ms"),
                       ("suggest p95 ms", "suggest_p95_ms"), ("pinyin suggest median ms", "pinyin_suggest_median_ms"),
                       ("pinyin first query ms", "pinyin_first_ms")):
        lines.append(f"| {label} | {'n/a' if ours[key] is None else number(ours[key])} | n/a | | |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="number of synthetic articles")
    parser.add_argument("--seed", type=int, default=0, help="generator seed")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per query, after one warm-up")
    parser.add_argument("--workdir", type=Path, help="keep the indexes here (default: a temp dir, removed)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        articles = generate(args.docs, args.seed)
        chars = sum(len(a.title) + len(a.body) for a in articles)
        print(f"{len(articles)} articles, {chars:,} chars (seed {args.seed}), {args.rounds} rounds of "
              f"{len(QUERIES)} queries; Python {platform.python_version()}, {multiprocessing.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}")
        truth = phrase_truth(articles)
        figures = {name: measure(name, articles, workdir / name, truth, args.rounds) for name in SYSTEMS}
        seed_suggest = seed_suggest_ms(workdir, args.rounds)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)

    ours, base = figures["ours"], figures["baseline"]
    print("\n" + query_table(ours, base) + "\n")
    print(summary_table(ours, base))
    print(f"| suggest median ms, seed index ({SEEDS.name}/) | {number(seed_suggest)} | n/a | | |")
    print("\n" + feature_table(ours))
    if args.json:
        args.json.write_text(json.dumps({
            "docs": args.docs, "seed": args.seed, "rounds": args.rounds, "chars": chars, **figures,
            "seed_index_suggest_median_ms": seed_suggest,
            "targets": dict(targets(ours, base)),
        }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
