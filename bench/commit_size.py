"""Build rate against the text per worker and commit and the writer's memory limit, the writer's spills counted.

    python bench/commit_size.py --docs 20000 --worker-chars 6000000 --writer-mb 2048 [--workdir DIR]

Whoosh's posting pool spills sorted runs to disk once a worker's postings pass the memory limit, and
merges them in Python at commit (the postings left in memory then go to disk as one more run); each
run is printed with the pool's size. Prints the build's
characters per second and the largest worker's peak resident memory. Run the settings one after
another on a quiet machine and compare within the run.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whoosh.writing import PostingPool  # noqa: E402

from bench.generate import Corpus  # noqa: E402
from search import indexer  # noqa: E402


def count_spills() -> None:
    """Print each run written to disk (forked workers inherit the patch)."""
    original = PostingPool._new_run

    def new_run(pool):
        full = pool.currentsize >= pool.limit
        why = "spill: the limit reached" if full else "the rest, to merge with the spilled runs"
        print(f"{why}: {pool.currentsize / 1e6:,.0f} MB of postings in one worker", flush=True)
        return original(pool)

    PostingPool._new_run = new_run


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, required=True)
    parser.add_argument("--worker-chars", type=int, default=indexer.WORKER_CHARS)
    parser.add_argument("--writer-mb", type=int, default=indexer.WRITER_MEMORY_MB)
    parser.add_argument("--workdir", type=Path, help="keep the corpus file here (default: a temp dir)")
    args = parser.parse_args(argv)
    indexer.WORKER_CHARS, indexer.WRITER_MEMORY_MB = args.worker_chars, args.writer_mb
    count_spills()
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Corpus.kept_in(args.workdir or Path(scratch), args.docs)
        started = time.perf_counter()
        manifest = indexer.build(corpus, Path(scratch) / "index")
        seconds = time.perf_counter() - started
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.docs:,} articles, {args.worker_chars:,} chars a worker and commit, "
          f"writer limit {args.writer_mb:,} MB: "
          f"{seconds:.1f} s, {manifest['chars'] / seconds / 1e3:.0f} k chars/s, largest worker {worker_mb:,.0f} MB")


if __name__ == "__main__":
    main()
