"""Command line: `python -m search articles|build|add|remove|query|slogans` (also `zzsearch`).

Every failure ends in one message and a documented exit code (README, "Exit codes"), never a traceback:
0 done; 1 done, but some input was skipped (each named); 2 nothing done, fix the input or the command;
3 the index is being written by another process; 4 the index could not be written (disk full, permission);
5 a build lost articles on the way and was discarded; 130 interrupted; 70 an unexpected error.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from search import corpus
from search.errors import CorpusError, SearchError, StorageError
from search.results import DEFAULT_PER_PAGE, MAX_PER_PAGE, SORTS
from search.writelock import DEFAULT_WAIT

DEFAULT_INDEX = Path("index")
EXIT_INTERRUPTED = 130
EXIT_UNEXPECTED = 70


def _report(path: Path, message: str) -> None:
    print(f"{path}: {message}", file=sys.stderr)


def cmd_articles(args) -> int:
    """Print one JSON object per article; bad files are named on stderr and the rest still printed."""
    failed = False

    def on_error(path, message):
        nonlocal failed
        failed = True
        _report(path, message)

    if args.explain:
        return _explain(args.paths, on_error) or (1 if failed else 0)
    for article in corpus.read_paths(args.paths, on_error=on_error):
        print(json.dumps(article.to_dict(), ensure_ascii=False))
    return 1 if failed else 0


def _explain(paths, on_error) -> int:
    """Each line of each page with what the splitter took it for, then the articles it made."""
    from search import metadata
    from search.pages import explain, parse_page

    for path in map(Path, paths):
        try:
            text = corpus.decode(path.read_bytes(), path)
            meta = metadata.for_page(path)
        except (OSError, CorpusError) as exc:
            on_error(path, getattr(exc, "reason", None) or str(exc))
            continue
        print(f"== {path}")
        for role, line in explain(text):
            print(f"{role:>9}  {line}")
        for article in parse_page(text, path.name, meta):
            print(f"\n-> [{article.kind}] {article.title}  ({len(article.body)} chars, "
                  f"{' '.join(r['name'] for r in article.reporters) or 'no byline'})")
    return 0


def cmd_check_pages(args) -> int:
    """Score the splitter on annotated pages; exit 1 when any article is not fully right."""
    from search import checkpages

    scores = []
    for folder in args.folders:
        if not folder.is_dir() or not any(folder.glob("*.gold.json")):
            raise CorpusError(f"{folder}: no annotated pages (NAME.gold.json beside NAME.txt)")
        scores += checkpages.check(folder, with_meta=not args.no_meta)
    print(checkpages.report(scores, verbose=args.verbose))
    t = checkpages.total(scores)
    return 0 if t.right == t.gold and not (t.extra or t.dates or t.districts) else 1


def _articles(paths) -> tuple[list, list]:
    errors: list = []
    articles = list(corpus.read_paths(paths, on_error=lambda p, m: (errors.append(p), _report(p, m))))
    return articles, errors


def cmd_build(args) -> int:
    from search import coverage, indexer

    articles, errors = _articles([args.seeds])
    manifest = indexer.build(articles, args.index, procs=args.procs or indexer.DEFAULT_PROCS,
                             progress=sys.stderr.isatty(),
                             after_write=coverage.after_write, wait=args.wait)
    print(f"indexed {manifest['articles']} articles ({manifest['chars']} characters) "
          f"in {manifest['seconds']} s into {args.index}")
    return 1 if errors else 0


def cmd_add(args) -> int:
    from search import coverage, indexer

    articles, errors = _articles(args.files)
    count = indexer.add(articles, args.index, after_write=coverage.after_write, wait=args.wait)
    print(f"added or replaced {count} articles in {args.index}")
    return 1 if errors else 0


def cmd_remove(args) -> int:
    from search import coverage, indexer

    missing = indexer.remove(args.ids, args.index, after_write=coverage.after_write, wait=args.wait)
    for article_id in missing:
        print(f"{article_id}: no such article", file=sys.stderr)
    print(f"removed {len(args.ids) - len(missing)} articles from {args.index}")
    return 1 if missing else 0


def cmd_query(args) -> int:
    from search.engine import Engine

    engine = Engine(args.index)
    result = engine.search(args.q, districts=args.district or [], years=args.year or [],
                           sort=args.sort, page=args.page, per_page=args.per_page,
                           reporters=args.reporter or [], months=args.month or [], date_from=args.date_from,
                           date_to=args.date_to, include_undated=args.undated, expand=not args.no_expand)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return 0
    if args.explain:
        print(explained(result.explain))
    from search.highlight import plain_text

    if result.past_last_page:
        raise result.missing_page()
    print(f"{result.total} articles ({result.took_ms} ms), page {result.page} of {result.pages}")
    if result.notice:
        print(f"note: {result.notice}")
    for n, hit in enumerate(result.hits, (result.page - 1) * result.per_page + 1):
        print(f"\n{n}. {hit.title}  [{hit.id}]")
        print(f"   {hit.date or '日期不详'}  {' '.join(hit.districts)}")
        print(f"   {plain_text(hit.snippet_html)}")
    facets = result.facets["district"]
    if facets:
        print("\ndistricts: " + "  ".join(f"{f['value']} {f['count']}" for f in facets))
    return 0


def explained(e: dict) -> str:
    """The explain object as lines a person reads: why an article was or was not found."""
    undated = e["undated"]
    lines = [
        f"words:     {' '.join(e['words']) or '-'}",
        f"phrases:   {' '.join(e['phrases']) or '-'}",
        *(f"near:      {' + '.join(n['words'])} within {n['within']} characters" for n in e["near"]),
        *(f"wildcard:  {w}" for w in e["wildcards"]),
        *(f"excluded:  {x}" for x in e["excluded"]),
        *(f"aliases:   {a['word']} → {'、'.join(a['added'])}{'' if e['expand'] else ' (not searched: --no-expand)'}"
          for a in e["aliases"]),
        *(f"reporter:  {name} (a bare name also finds the articles signed by it)" for name in e["reporters"]),
        *(f"filter:    {f['facet']} {f['value']} (from the {f['source']})" for f in e["filters"]),
        f"undated:   {undated.get('count', 0)} matching articles have no date"
        + (f"; the date range {'includes them' if undated.get('included') else 'leaves them out'}" if undated.get("range") else ""),
        f"fallback:  {e['fallback']['why'] if e['fallback'] else 'none'}",
        *(f"skipped:   {part} (over the query's time budget)" for part in e["skipped"]),
    ]
    return "\n".join(lines) + "\n"


def cmd_slogans(args) -> int:
    """List the slogans of the live index, most used first, optionally those of one district."""
    from search import layout
    from search.slogans import SloganBook

    entries = SloganBook.load(layout.current_build(args.index)).entries(args.district)
    if args.json:
        print(json.dumps(entries, ensure_ascii=False, indent=1))
        return 0
    for e in entries:
        span = f"{e['first']}–{e['last']}" if e["first"] else "日期不详"
        places = " ".join(f"{d['value']} {d['count']}" for d in e["districts"])
        print(f"{e['text']}  {e['count']} 篇  {span}  {places}")
    return 0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}")
    return value


def _wait_option(p) -> None:
    p.add_argument("--wait", type=_seconds, default=DEFAULT_WAIT, metavar="SECONDS",
                   help=f"how long to wait while another process writes the index (default {DEFAULT_WAIT:g})")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m search", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("articles", help="split page files into articles, one JSON object per line")
    p.add_argument("paths", nargs="+", type=Path, help="page files (.txt), article files (.jsonl) or folders")
    p.add_argument("--explain", action="store_true",
                   help="show what each line of the page files was taken as, and the articles made")
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("check-pages", help="score the splitter on annotated pages (NAME.gold.json)")
    p.add_argument("folders", nargs="+", type=Path, help="folders of pages with their .gold.json annotations")
    p.add_argument("--no-meta", action="store_true", help="read the pages under names without paper or date")
    p.add_argument("-v", "--verbose", action="store_true", help="list what is wrong with each article")
    p.set_defaults(func=cmd_check_pages)

    p = sub.add_parser("build", help="build the index from page files, replacing the live one atomically")
    p.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder or file of pages (default seeds/)")
    p.add_argument("--index", type=Path, default=DEFAULT_INDEX, help="index folder (default index/)")
    p.add_argument("--procs", type=int,
                   help="worker processes, each segmenting and writing its share of the articles "
                        "(default: one per core; about 1.6 GB each)")
    _wait_option(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("add", help="add or replace articles (by id) without a rebuild")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    _wait_option(p)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("remove", help="delete articles by id")
    p.add_argument("ids", nargs="+")
    p.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    _wait_option(p)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("query", help="search the index")
    p.add_argument("q", help='words, "exact phrase", -exclude, A OR B, ( … ), title:X, district:X, reporter:X, '
                             'date:2022-01..2022-06, "A B"~20, "万人助万*" (README: query syntax)')
    p.add_argument("--district", action="append", help="filter by district (repeatable)")
    p.add_argument("--reporter", action="append", help="filter by reporter (repeatable)")
    p.add_argument("--year", action="append", help="filter by year (repeatable)")
    p.add_argument("--month", action="append", help="filter by month, YYYY-MM (repeatable)")
    p.add_argument("--from", dest="date_from", help="from this date: YYYY[-MM[-DD]]")
    p.add_argument("--to", dest="date_to", help="up to this date: YYYY[-MM[-DD]]")
    p.add_argument("--undated", action="store_true", help="a date range also includes undated articles")
    p.add_argument("--no-expand", action="store_true", help="search alias names as typed only")
    p.add_argument("--explain", action="store_true",
                   help="say how the query was read: words, phrases, aliases added, filters, fallback")
    p.add_argument("--sort", choices=SORTS, default=SORTS[0])
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--per-page", type=int, default=DEFAULT_PER_PAGE, help=f"1 to {MAX_PER_PAGE} (default {DEFAULT_PER_PAGE})")
    p.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("slogans", help="list the slogans and set phrases of the index")
    p.add_argument("--district", help="only slogans used in this district")
    p.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(func=cmd_slogans)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SearchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("interrupted; the live index is unchanged by anything unfinished", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:
        print(f"error: {exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}", file=sys.stderr)
        return StorageError.exit_code
    except Exception as exc:            # noqa: BLE001  (the one place an unforeseen failure becomes a message)
        print(f"error: unexpected {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_UNEXPECTED
