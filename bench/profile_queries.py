"""Where a query's time goes: cProfile of the benchmark's queries, per kind, on a built index.

    python bench/profile_queries.py INDEX_DIR [--rounds 3] [--top 12]

For each kind (keywords, long unsegmented strings, quoted phrases) the queries run once untimed, then
`--rounds` times under cProfile; printed are the milliseconds per query, the stages of the engine
(cumulative time of the functions in search/) and the functions where the time is spent (own time).
cProfile adds overhead per Python call, so shares are what to read, not absolute times.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.queries import KEYWORDS, LONG, PHRASES  # noqa: E402
from search.engine import Engine  # noqa: E402

KINDS = {"keywords": KEYWORDS, "long": LONG, "phrases": PHRASES}


def rows(stats: pstats.Stats, key: int, only_ours: bool, top: int):
    """(share, ms per query, function) sorted by own (key=2) or cumulative (key=3) time."""
    entries = []
    for (file, line, name), (_, _, own, cumulative, _) in stats.stats.items():
        if only_ours and "/search/" not in file:
            continue
        entries.append(((own, cumulative)[key - 2], f"{Path(file).name}:{line} {name}"))
    return sorted(entries, reverse=True)[:top]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    engine = Engine(args.index)
    print(f"open: {time.perf_counter() - start:.2f} s")
    for kind, queries in KINDS.items():
        for q in queries:
            engine.search(q)
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        for _ in range(args.rounds):
            for q in queries:
                engine.search(q)
        profiler.disable()
        n = args.rounds * len(queries)
        wall = (time.perf_counter() - start) * 1000 / n
        stats = pstats.Stats(profiler)
        total = stats.total_tt * 1000 / n
        print(f"\n## {kind}: {wall:.1f} ms per query under the profiler ({len(queries)} queries × {args.rounds})")
        print("\n| stage (cumulative, search/) | ms/query | share |\n|---|---:|---:|")
        for seconds, name in rows(stats, 3, True, args.top):
            print(f"| {name} | {seconds * 1000 / n:.2f} | {seconds * 1000 / n / total:.0%} |")
        print("\n| function (own time) | ms/query | share |\n|---|---:|---:|")
        for seconds, name in rows(stats, 2, False, args.top):
            print(f"| {name} | {seconds * 1000 / n:.2f} | {seconds * 1000 / n / total:.0%} |")
    engine.close()


if __name__ == "__main__":
    main()
