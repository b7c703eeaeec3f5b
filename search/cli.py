"""Command line: `python -m search articles|build|add|remove|query|slogans` (also `zzsearch`)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from search import corpus
from search.errors import SearchError


def _report(path: Path, message: str) -> None:
    print(f"{path}: {message}", file=sys.stderr)


def cmd_articles(args) -> int:
    """Print one JSON object per article; bad files are named on stderr and the rest still printed."""
    failed = False

    def on_error(path, message):
        nonlocal failed
        failed = True
        _report(path, message)

    for article in corpus.read_paths(args.paths, on_error=on_error):
        print(json.dumps(article.to_dict(), ensure_ascii=False))
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m search", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("articles", help="split page files into articles, one JSON object per line")
    p.add_argument("paths", nargs="+", type=Path, help="page files (.txt), article files (.jsonl) or folders")
    p.set_defaults(func=cmd_articles)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SearchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
