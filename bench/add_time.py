"""Time of `add`: N new articles into a copy of a built index, the slogans and coverage included.

    python bench/add_time.py INDEX_DIR --docs 20000 [--add 1000] [--seed 0]

INDEX_DIR is an index of `bench/generate.py`'s first --docs articles (as `bench/run.py --workdir` leaves
it); the added articles are the next --add of the same corpus. Prints the seconds of the index write,
of the slogans and coverage kept up to date from the stored per-article counts (what `python -m search
add` runs after the write), and, for comparison, of deriving the slogans afresh from every stored article
(what each add did before the counts were kept).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate  # noqa: E402
from search import coverage, indexer, layout, slogan_counts, slogans  # noqa: E402


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--docs", type=int, required=True)
    parser.add_argument("--add", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    new = generate(args.docs + args.add, args.seed)[args.docs:]
    with tempfile.TemporaryDirectory(prefix="add-") as tmp:
        copy = Path(tmp) / "index"
        shutil.copytree(args.index, copy, symlinks=True)
        folder = layout.current_build(copy)
        if not (folder / slogan_counts.USES).exists():
            start = time.perf_counter()
            slogans.store(folder)
            print(f"per-article counts stored first (the build does this): {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        indexer.add(new, copy)
        written = time.perf_counter() - start
        start = time.perf_counter()
        coverage.after_write(folder)
        kept = time.perf_counter() - start
        (folder / slogan_counts.USES).unlink()
        start = time.perf_counter()
        slogans.store(folder)
        afresh = time.perf_counter() - start
    print(f"add {len(new)} articles to {args.docs}: index write {written:.1f} s, slogans and coverage kept up to date "
          f"{kept:.1f} s (total {written + kept:.1f} s); slogans derived afresh instead: {afresh:.1f} s")


if __name__ == "__main__":
    main()
