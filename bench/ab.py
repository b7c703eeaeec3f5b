"""Query times of two checkouts of the engine on one built index, alternating, in one run.

    python bench/ab.py --index /tmp/bench20/ours --other /work/main [--rounds 4]

Tells whether a change made searching slower without the machine's drift between two separate runs of
bench/run.py: each round runs this checkout, then the other, each in a fresh process that opens the
index, warms up with one pass over the benchmark's queries and times one more. Prints the median and p95
of each over all rounds and their ratio, then the times of the query-language queries (bench.queries
FEATURES) in the checkouts that have them. The index must be one both checkouts can read.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def worker(root: str, index: str) -> None:
    """In a fresh process: time one warm pass of the queries with the checkout at root; print JSON."""
    sys.path.insert(0, root)
    from bench import queries
    from search.engine import Engine

    engine = Engine(index)
    features = getattr(queries, "FEATURES", ())
    for q in queries.QUERIES + features:
        engine.search(q)
    times = {}
    for q in queries.QUERIES + features:
        start = time.perf_counter()
        engine.search(q)
        times[q] = (time.perf_counter() - start) * 1000
    print(json.dumps({"queries": [times[q] for q in queries.QUERIES], "features": {q: times[q] for q in features}},
                     ensure_ascii=False))


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, help="a built index folder (e.g. bench/run.py --workdir X: X/ours)")
    parser.add_argument("--other", required=True, type=Path, help="the other checkout's root")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.index)
        return
    roots = {"this": str(HERE), "other": str(args.other.resolve())}
    samples: dict[str, list[float]] = {name: [] for name in roots}
    features: dict[str, dict[str, list[float]]] = {name: {} for name in roots}
    for _ in range(args.rounds):
        for name, root in roots.items():
            out = subprocess.run([sys.executable, __file__, "--index", args.index, "--other", root,
                                  "--worker", root], cwd=root, capture_output=True, text=True, check=True)
            timed = json.loads(out.stdout.strip().splitlines()[-1])
            samples[name] += timed["queries"]
            for q, ms in timed["features"].items():
                features[name].setdefault(q, []).append(ms)
    print("| checkout | median ms | p95 ms |\n|---|---:|---:|")
    for name, root in roots.items():
        print(f"| {name} ({root}) | {statistics.median(samples[name]):.1f} | {p95(samples[name]):.1f} |")
    this, other = samples["this"], samples["other"]
    print(f"\nratio this/other: median {statistics.median(this) / statistics.median(other):.2f}, "
          f"p95 {p95(this) / p95(other):.2f}")
    for name, timed in features.items():
        if timed:
            print(f"\n| query-language query ({name}) | median ms |\n|---|---:|")
            for q, ms in timed.items():
                print(f"| `{q}` | {statistics.median(ms):.1f} |")


if __name__ == "__main__":
    main()
