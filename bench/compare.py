"""Before and after on one built index: our queries timed with two source trees of the engine, in one run.

    python bench/compare.py INDEX_DIR --before /path/to/old/checkout [--after .] [--rounds 5]

Only for changes that leave the index format alone (the same index is opened by both). Each tree runs
in a fresh process (`PYTHONPATH=tree`, after the other has exited, so both start with the same page
cache state up to what the first warmed): open time, the first round on the freshly opened index
(cold), then `--rounds` rounds (warm). Totals must agree, query by query, or the run says which differ.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.queries import QUERIES  # noqa: E402

CHILD = """
import json, sys, time
from search.engine import Engine
queries, rounds = json.loads(sys.argv[1]), int(sys.argv[2])
start = time.perf_counter(); engine = Engine(sys.argv[3]); opened = time.perf_counter() - start
def run(q):
    start = time.perf_counter(); total = engine.search(q).total
    return (time.perf_counter() - start) * 1000, total
cold = [run(q) for q in queries]
warm = [[run(q)[0] for q in queries] for _ in range(rounds)]
print(json.dumps({"open_s": opened, "cold": [c[0] for c in cold], "totals": [c[1] for c in cold], "warm": warm}))
"""


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


def measure(tree: Path, index: Path, rounds: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree.resolve())}
    out = subprocess.run([sys.executable, "-c", CHILD, json.dumps(QUERIES), str(rounds), str(index)],
                         env=env, cwd=tree, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    sides = {"before": measure(args.before, args.index, args.rounds), "after": measure(args.after, args.index, args.rounds)}
    differ = [q for i, q in enumerate(QUERIES) if sides["before"]["totals"][i] != sides["after"]["totals"][i]]
    print(f"index {args.index}, {len(QUERIES)} queries, {args.rounds} warm rounds; load average {os.getloadavg()[0]:.1f}")
    print("\n| query | hits | before median ms | after median ms | before cold ms | after cold ms |\n|---|---:|---:|---:|---:|---:|")
    for i, q in enumerate(QUERIES):
        b, a = sides["before"], sides["after"]
        print(f"| {q} | {a['totals'][i]} | {statistics.median(r[i] for r in b['warm']):.1f} "
              f"| {statistics.median(r[i] for r in a['warm']):.1f} | {b['cold'][i]:.1f} | {a['cold'][i]:.1f} |")
    print("\n| | before | after | after / before |\n|---|---:|---:|---:|")
    for label, pick in (("open s", lambda s: s["open_s"]),
                        ("warm median ms", lambda s: statistics.median(t for r in s["warm"] for t in r)),
                        ("warm p95 ms", lambda s: p95([t for r in s["warm"] for t in r])),
                        ("cold median ms", lambda s: statistics.median(s["cold"])),
                        ("cold p95 ms", lambda s: p95(s["cold"]))):
        before, after = pick(sides["before"]), pick(sides["after"])
        print(f"| {label} | {before:.3g} | {after:.3g} | {after / before:.2f} |")
    print("\ntotals agree on every query" if not differ else f"\ntotals DIFFER on: {', '.join(differ)}")


if __name__ == "__main__":
    main()
