"""Benchmark: our engine against its peers on the same synthetic corpus, in one run.

Peers: the jieba + Whoosh tutorial stack (`baseline`), SQLite FTS5 and tantivy-py over jieba
pre-segmented text (`fts5`, `tantivy`). Builds each index in a fresh process, one system after another
(timed separately), times opening it and a fixed set of queries including highlights of 10 hits, checks
quoted-phrase and keyword-substring recall against a substring scan, and prints Markdown tables with our
ratio to each peer and the targets as pass/fail.

    python bench/run.py --docs 2000 [--systems ours,baseline,fts5,tantivy] [--seed 0] [--rounds 5]
                        [--workdir DIR] [--json figures.json] [--no-recall]

One script of about 330 lines on purpose: a run is read top to bottom (build, measure, tables), and each
system's own code lives in its module (bench/ours.py, baseline.py, fts5.py, tantivy_jieba.py).
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

from bench.generate import SEEDS, Corpus  # noqa: E402
from bench.queries import FEATURES, KEYWORDS, PHRASES, QUERIES, SUGGEST_PINYIN, SUGGEST_PREFIXES  # noqa: E402

# System name → its module under bench/; every module has build(articles, dir) and Searcher(dir).
SYSTEMS = {"ours": "ours", "baseline": "baseline", "fts5": "fts5", "tantivy": "tantivy_jieba"}
PEERS = ("baseline", "fts5", "tantivy")


def timed_build(system: str, articles, index_dir: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one build. Runs in a fresh process so both figures are its own;
    Whoosh's multiprocess writer forks sub-writers, hence the max over self and children."""
    module = importlib.import_module(f"bench.{SYSTEMS[system]}")
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
    samples = list(samples)
    return statistics.quantiles(samples, n=100, method="inclusive")[94] if len(samples) > 1 else max(samples)


def time_queries(searcher, rounds: int, queries=QUERIES) -> tuple[dict[str, float], dict[str, list[float]]]:
    """Milliseconds of each query's first run on the freshly opened index (cold: nothing decoded yet,
    though later queries share terms with earlier ones), then per round after that warm-up round."""
    cold = {}
    for q in queries:
        start = time.perf_counter()
        searcher.search(q)
        cold[q] = (time.perf_counter() - start) * 1000
    times = {q: [] for q in queries}
    for _ in range(rounds):
        for q in queries:
            start = time.perf_counter()
            searcher.search(q)
            times[q].append((time.perf_counter() - start) * 1000)
    return cold, times


def truths(articles) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Ids of the articles whose title or body contains each quoted phrase verbatim, and every term of
    each keyword query verbatim; one pass over the corpus."""
    phrases, keywords = {q: set() for q in PHRASES}, {q: set() for q in KEYWORDS}
    for a in articles:
        text = a.title + "\n" + a.body
        for q, ids in phrases.items():
            if q.strip('"') in text:
                ids.add(a.id)
        for q, ids in keywords.items():
            if all(t in text for t in q.split()):
                ids.add(a.id)
    return phrases, keywords


def found(searcher, queries) -> dict[str, set[str]]:
    return {q: set(searcher.search(q, limit=None)[1]) for q in queries}


def recall(truth: dict[str, set[str]], hits: dict[str, set[str]]) -> tuple[float, float]:
    """(recall, precision) summed over the queries."""
    correct = sum(len(hits[q] & truth[q]) for q in truth)
    return correct / max(sum(map(len, truth.values())), 1), correct / max(sum(map(len, hits.values())), 1)


def suggest_times(suggest, rounds: int, prefixes=SUGGEST_PREFIXES) -> list[float]:
    for prefix in prefixes:
        suggest(prefix)
    samples = []
    for prefix in [p for _ in range(rounds) for p in prefixes]:
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


def measure(system: str, articles, chars: int, index_dir: Path, truth, substrings, rounds: int,
            built: dict | None = None) -> dict:
    """All figures of one system; the index size is taken last, so ours includes its slogans.json.
    Open time is the first open after the build (the files are in the page cache). With `built` (the
    figures of an earlier run) the index already in index_dir is used and its build figures are those."""
    if built:
        seconds, peak_mb = built["build_s"], built["peak_rss_mb"]
    else:
        seconds, peak_mb = build(system, articles, index_dir)
    print(f"{system}: built in {seconds:.1f} s", flush=True)
    module = importlib.import_module(f"bench.{SYSTEMS[system]}")
    slogans = getattr(module, "suggestions", lambda _: None)(index_dir)
    suggest_ms = suggest_times(slogans[1], rounds) if slogans else None
    pinyin_first_ms = None
    if slogans:                                    # the first pinyin query sorts the keys stored with the build
        start = time.perf_counter()
        slogans[1](SUGGEST_PINYIN[0])
        pinyin_first_ms = (time.perf_counter() - start) * 1000
    pinyin_ms = suggest_times(slogans[1], rounds, SUGGEST_PINYIN) if slogans else None
    start = time.perf_counter()
    searcher = module.Searcher(index_dir)
    open_s = time.perf_counter() - start
    features = feature_queries(articles) if system == "ours" else ()
    try:
        cold, times = time_queries(searcher, rounds)
        feature_times = time_queries(searcher, rounds, features)[1] if features else {}
        feature_totals = {q: searcher.search(q)[0] for q in features}
        totals = {q: searcher.search(q)[0] for q in QUERIES}
        phrases, keywords = (found(searcher, PHRASES), found(searcher, KEYWORDS)) if truth else ({}, {})
    finally:
        searcher.close()
    per_query = {q: {"total": totals[q], "median_ms": statistics.median(times[q]), "p95_ms": p95(times[q])}
                 for q in QUERIES}
    for q in phrases:
        per_query[q].update(truth=len(truth[q]), correct=len(phrases[q] & truth[q]))
    for q in keywords:
        per_query[q].update(truth=len(substrings[q]), correct=len(keywords[q] & substrings[q]))
    phrase_recall, phrase_precision = recall(truth, phrases) if truth else (None, None)
    samples = [t for ts in times.values() for t in ts]
    return {
        "build_s": seconds, "chars_per_s": chars / seconds, "articles_per_s": len(articles) / seconds,
        "index_mb": folder_mb(index_dir), "peak_rss_mb": peak_mb, "open_s": open_s,
        "median_ms": statistics.median(samples), "p95_ms": p95(samples),
        "cold_median_ms": statistics.median(cold.values()), "cold_p95_ms": p95(list(cold.values())),
        "phrase_recall": phrase_recall, "phrase_precision": phrase_precision,
        "substring_recall": recall(substrings, keywords)[0] if truth else None,
        "slogans_s": slogans[0] if slogans else None,
        "suggest_median_ms": statistics.median(suggest_ms) if suggest_ms else None,
        "suggest_p95_ms": p95(suggest_ms) if suggest_ms else None,
        "pinyin_suggest_median_ms": statistics.median(pinyin_ms) if pinyin_ms else None,
        "pinyin_first_ms": pinyin_first_ms,
        "queries": per_query,
        "features": {q: {"total": feature_totals[q], "median_ms": statistics.median(ts), "p95_ms": p95(ts)}
                     for q, ts in feature_times.items()},
    }


def targets(figures: dict) -> list[tuple[str, bool]]:
    """The targets that the systems in this run allow checking."""
    ours = figures["ours"]
    checks = [("phrase recall 100 %", ours["phrase_recall"] == 1)] if ours["phrase_recall"] is not None else []
    if base := figures.get("baseline"):
        checks += [
            ("build chars/s ≥ 2× baseline", ours["chars_per_s"] >= 2 * base["chars_per_s"]),
            ("query p95 ≤ baseline p95 / 5", ours["p95_ms"] <= base["p95_ms"] / 5),
            ("query median ≤ 30 ms", ours["median_ms"] <= 30),
            ("index size ≤ 2× baseline", ours["index_mb"] <= 2 * base["index_mb"]),
        ]
    if tv := figures.get("tantivy"):
        checks += [
            ("build chars/s ≥ 0.9× tantivy", ours["chars_per_s"] >= 0.9 * tv["chars_per_s"]),
            ("query median ≤ 4× tantivy", ours["median_ms"] <= 4 * tv["median_ms"]),
            ("query p95 ≤ 5× tantivy", ours["p95_ms"] <= 5 * tv["p95_ms"]),
        ]
    if fts := figures.get("fts5"):
        checks += [
            ("query median < FTS5", ours["median_ms"] < fts["median_ms"]),
            ("query p95 < FTS5", ours["p95_ms"] < fts["p95_ms"]),
            ("index size ≤ FTS5", ours["index_mb"] <= fts["index_mb"]),
        ]
    return checks


def number(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}" if abs(x) < 10 else f"{x:.1f}"


def query_table(figures: dict) -> str:
    names = list(figures)
    rows = ["| query | truth | " + " | ".join(f"{n} hits" for n in names) + " | ours correct | "
            + " | ".join(f"{n} median ms" for n in names) + " |",
            "|---|---:|" + "---:|" * (2 * len(names) + 1)]
    for q in QUERIES:
        per = [figures[n]["queries"][q] for n in names]
        rows.append(f"| {q} | {per[0].get('truth', '')} | " + " | ".join(str(p["total"]) for p in per)
                    + f" | {per[0].get('correct', '')} | " + " | ".join(number(p["median_ms"]) for p in per) + " |")
    return "\n".join(rows)


SUMMARY = (  # label, key, the targets checked on that row
    ("build seconds", "build_s", ()),
    ("build chars/s", "chars_per_s", ("build chars/s ≥ 2× baseline", "build chars/s ≥ 0.9× tantivy")),
    ("build articles/s", "articles_per_s", ()),
    ("index MB", "index_mb", ("index size ≤ 2× baseline", "index size ≤ FTS5")),
    ("peak RSS MB (build)", "peak_rss_mb", ()),
    ("open s", "open_s", ()),
    ("query median ms", "median_ms", ("query median ≤ 30 ms", "query median ≤ 4× tantivy", "query median < FTS5")),
    ("query p95 ms", "p95_ms", ("query p95 ≤ baseline p95 / 5", "query p95 ≤ 5× tantivy", "query p95 < FTS5")),
    ("cold query median ms (first round)", "cold_median_ms", ()),
    ("cold query p95 ms (first round)", "cold_p95_ms", ()),
)


def feature_table(ours: dict) -> str:
    """The query-language features, ours only, timed apart from the comparable set."""
    rows = ["| query (ours only) | hits | median ms | p95 ms |", "|---|---:|---:|---:|"]
    for q, f in ours["features"].items():
        rows.append(f"| `{q}` | {f['total']} | {number(f['median_ms'])} | {number(f['p95_ms'])} |")
    return "\n".join(rows)


def summary_table(figures: dict) -> str:
    verdict = dict(targets(figures))
    peers = [n for n in figures if n != "ours"]
    ours = figures["ours"]

    def row(*cells) -> str:
        return "| " + " | ".join(cells) + " |"

    def checks(names) -> str:
        return "; ".join(f"{t}: {'pass' if verdict[t] else 'FAIL'}" for t in names if t in verdict)

    lines = [row("metric", *figures, *(f"ours / {p}" for p in peers), "targets"),
             "|---|" + "---:|" * (len(figures) + len(peers)) + "---|"]
    for label, key, names in SUMMARY:
        ratios = [f"{ours[key] / figures[p][key]:.2f}" if figures[p][key] else "" for p in peers]
        lines.append(row(label, *(number(figures[n][key]) for n in figures), *ratios, checks(names)))
    for label, key, names in (("phrase recall", "phrase_recall", ("phrase recall 100 %",)),
                              ("phrase precision", "phrase_precision", ()),
                              ("keyword substring recall", "substring_recall", ())):
        lines.append(row(label, *(f"{figures[n][key]:.1%}" if figures[n][key] is not None else "n/a" for n in figures),
                         *("" for _ in peers), checks(names)))
    for label, key in (("slogan discovery s (not in build)", "slogans_s"), ("suggest median ms", "suggest_median_ms"),
                       ("suggest p95 ms", "suggest_p95_ms"), ("pinyin suggest median ms", "pinyin_suggest_median_ms"),
                       ("pinyin first query ms", "pinyin_first_ms")):
        lines.append(row(label, number(ours[key]), *("n/a" for _ in peers), *("" for _ in peers), ""))
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="number of synthetic articles")
    parser.add_argument("--systems", default=",".join(SYSTEMS),
                        help=f"comma-separated, from {', '.join(SYSTEMS)}, ours first when measured (the tables "
                             "are ours against each peer); one after another")
    parser.add_argument("--seed", type=int, default=0, help="generator seed")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per query, after one warm-up")
    parser.add_argument("--workdir", type=Path, help="keep the indexes here (default: a temp dir, removed)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--no-recall", action="store_true",
                        help="skip the recall checks (each needs every hit of every query: hours at 1,000,000 articles)")
    parser.add_argument("--builds-from", type=Path,
                        help="the --json of an earlier run with the same --docs, --seed and --workdir: reuse its "
                             "indexes and build figures, and measure everything else again")
    args = parser.parse_args(argv)
    systems = args.systems.split(",")
    if "ours" in systems[1:] or not set(systems) <= set(SYSTEMS):
        parser.error(f"--systems: ours first if at all, then any of {', '.join(PEERS)}")

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        articles = Corpus.kept_in(workdir, args.docs, args.seed)
        chars = sum(a.chars for a in articles)
        print(f"{len(articles)} articles, {chars:,} chars (seed {args.seed}), {args.rounds} rounds of "
              f"{len(QUERIES)} queries; Python {platform.python_version()}, {multiprocessing.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}")
        truth, substrings = ({}, {}) if args.no_recall else truths(articles)
        earlier = json.loads(args.builds_from.read_text()) if args.builds_from else {}
        if earlier and (earlier["docs"], earlier["seed"]) != (args.docs, args.seed):
            parser.error("--builds-from: that run had another --docs or --seed")
        figures = {}
        for name in systems:
            figures[name] = measure(name, articles, chars, workdir / name, truth, substrings, args.rounds, earlier.get(name))
            print(f"{name}: " + json.dumps({k: v for k, v in figures[name].items() if k != "queries"}), flush=True)
        seed_suggest = seed_suggest_ms(workdir, args.rounds) if "ours" in figures else None
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)

    if "ours" in figures:           # peers alone: their figures are the lines printed above
        print("\n" + query_table(figures) + "\n")
        print(summary_table(figures))
        print("\n" + feature_table(figures["ours"]))
        print(f"\nsuggest median ms, seed index ({SEEDS.name}/): {number(seed_suggest)}")
    if args.json:
        args.json.write_text(json.dumps({
            "docs": args.docs, "seed": args.seed, "rounds": args.rounds, "chars": chars, **figures,
            "seed_index_suggest_median_ms": seed_suggest,
            "targets": dict(targets(figures)) if "ours" in figures else {},
        }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
